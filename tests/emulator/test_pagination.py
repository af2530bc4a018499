"""Lists page with opaque cursors: stable order, every item exactly once, limits enforced."""

import pytest

from tests.support.emulators import act, ok


def walk(api, user, path, limit):
    seen, cursor, pages = [], None, 0
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = api.get(path + query, user)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["data"]) <= limit
        seen.extend(item["id"] for item in body["data"])
        cursor, pages = body["nextCursor"], pages + 1
        if cursor is None:
            return seen, pages


def test_a_customers_list_pages_newest_first_with_every_item_once(api, customer, new_request):
    created = [new_request()["id"] for _ in range(23)]
    seen, pages = walk(api, customer, "/customizations", 5)
    assert pages == 5
    assert seen == list(reversed(created))


def test_the_pending_queue_pages_oldest_first(api, designer, new_request):
    created = [new_request()["id"] for _ in range(7)]
    ok(act(api, designer, created[2], "assign"))
    seen, _ = walk(api, designer, "/customizations/pending", 3)
    assert seen == [rid for i, rid in enumerate(created) if i != 2]


def test_a_list_that_fits_one_page_has_no_next_cursor(api, customer, new_request):
    new_request()
    body = api.get("/customizations?limit=1", customer).json()
    assert len(body["data"]) == 1 and body["nextCursor"] is None


@pytest.mark.parametrize(
    "query",
    [
        "?limit=0",
        "?limit=101",
        "?limit=abc",
        "?cursor=%%%",
        "?cursor=bm9wZQ",
        "?status=lost",
        "?limit=5&limit=6",
        "?colour=blue",
    ],
)
def test_bad_list_parameters_are_validation_errors(api, customer, query):
    response = api.get("/customizations" + query, customer)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert response.json()["error"]["details"]
