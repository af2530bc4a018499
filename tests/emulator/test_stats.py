"""Statistics per role and designer workload."""

from tests.support.emulators import act, file_ref, granted, ok, refused, wait_for_triggers

STATUSES = {
    "pending_designer_review",
    "in_progress",
    "awaiting_customer_approval",
    "approved",
    "completed",
    "cancelled",
}


def submit(api, designer, rid):
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final")))


def build_history(api, customer, other_customer, designer, other_designer, new_request):
    """a: approved after one rejection; b: awaiting approval; c: pending; d (other customer): in progress."""
    a, b, c = (new_request()["id"] for _ in range(3))
    d = new_request(by=other_customer)["id"]
    for rid in (a, b):
        ok(act(api, designer, rid, "assign"))
        submit(api, designer, rid)
    ok(act(api, customer, a, "reject", reason="Bigger logo"))
    submit(api, designer, a)
    ok(act(api, customer, a, "approve"))
    ok(act(api, other_designer, d, "assign"))
    return a, b, c, d


def stats(api, user):
    wait_for_triggers()
    response = api.get("/customizations/stats", user)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_each_role_gets_statistics_over_its_own_requests(
    api, customer, other_customer, designer, other_designer, admin, new_request
):
    build_history(api, customer, other_customer, designer, other_designer, new_request)

    mine = stats(api, customer)
    assert set(mine["byStatus"]) == STATUSES
    assert mine["total"] == 3
    assert mine["byStatus"]["approved"] == 1 and mine["byStatus"]["pending_designer_review"] == 1
    assert mine["approvalRate"] == 0.5 and mine["rejectionRate"] == 0.5
    assert mine["revisionsPerRequest"] == 1.5
    assert mine["averageCompletionHours"] is not None and mine["averageCompletionHours"] >= 0
    assert mine["averageResponseHours"] is not None and mine["averageReviewHours"] is not None
    assert "activeDesigners" not in mine

    theirs = stats(api, designer)
    assert theirs["total"] == 2 and theirs["byStatus"]["awaiting_customer_approval"] == 1

    everything = stats(api, admin)
    assert everything["total"] == 4
    assert everything["byStatus"]["in_progress"] == 1


def test_statistics_of_nothing_are_zero_with_no_rates(api, customer):
    empty = stats(api, customer)
    assert empty["total"] == 0 and set(empty["byStatus"].values()) == {0}
    assert empty["approvalRate"] is None and empty["averageCompletionHours"] is None


def test_workload_for_a_designer_and_for_admins(
    api, customer, other_customer, designer, other_designer, admin, new_request
):
    designer, other_designer = (granted(api, admin, user, "designer") for user in (designer, other_designer))
    build_history(api, customer, other_customer, designer, other_designer, new_request)

    wait_for_triggers()
    own = api.get("/customizations/workload", designer)
    assert own.status_code == 200, own.text
    load = own.json()["data"]
    assert load["designerId"] == designer.uid
    assert (load["active"], load["inProgress"], load["awaitingApproval"], load["completedTotal"]) == (
        1,
        0,
        1,
        1,
    )
    assert load["averageCompletionHours"] is not None

    everyone = api.get("/customizations/workload", admin).json()["data"]
    assert [w["designerId"] for w in everyone] == sorted(
        [designer.uid, other_designer.uid], key=lambda uid: (1, uid)
    )
    assert {w["designerId"]: w["active"] for w in everyone} == {designer.uid: 1, other_designer.uid: 1}
    assert stats(api, admin)["activeDesigners"] == 2
    refused(api.get("/customizations/workload", customer), 403, "FORBIDDEN")
