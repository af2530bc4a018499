"""Fifty designers claim one request at once: one wins, the others learn it was claimed."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.emulators import Api, create_user


def test_fifty_designers_claiming_one_request_leave_exactly_one_winner(customer, new_request):
    designers = [create_user("designer") for _ in range(50)]
    rid = new_request()["id"]

    def claim(designer):
        response = Api().patch(f"/customizations/{rid}", designer, {"action": "assign"})
        return designer.uid, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(claim, designers))

    statuses = sorted(status for _, status, _ in results)
    assert statuses == [200] + [409] * 49
    winner = next(uid for uid, status, _ in results if status == 200)
    losers = [body for _, status, body in results if status == 409]
    assert {body["error"]["code"] for body in losers} == {"INVALID_TRANSITION"}
    stored = Api().get(f"/customizations/{rid}", customer).json()["data"]
    assert (stored["designerId"], stored["version"], stored["status"]) == (winner, 2, "in_progress")
