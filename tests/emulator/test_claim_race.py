"""Fifty designers claim one request at once: one wins, the others learn it was claimed.

The claims must overlap for this to prove anything: a designer's first call is slower than the
read-then-write of a claim, so fifty first calls arrive staggered and each later one simply finds
the request claimed. So every designer has made a call, and the Functions emulator has a worker
for each concurrent call, before the race (without the conditional write, several then win).
"""

from concurrent.futures import ThreadPoolExecutor

from tests.support.emulators import Api, create_user, ok, refused


def test_fifty_designers_claiming_one_request_leave_exactly_one_winner(customer, new_request):
    designers = [create_user("designer") for _ in range(50)]
    with ThreadPoolExecutor(max_workers=50) as pool:  # one warm worker per caller, each caller known
        assert list(pool.map(lambda d: ok(Api().get("/customizations/pending", d)), designers)) == [[]] * 50
    rid = new_request()["id"]

    def claim(designer):
        response = Api().patch(f"/customizations/{rid}", designer, {"action": "assign"})
        return designer.uid, response

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(claim, designers))

    statuses = sorted(response.status_code for _, response in results)
    assert statuses == [200] + [409] * 49
    winner = next(uid for uid, response in results if response.status_code == 200)
    for _, response in results:
        if response.status_code == 409:
            refused(response, 409, "INVALID_TRANSITION")
    stored = ok(Api().get(f"/customizations/{rid}", customer))
    assert (stored["designerId"], stored["version"], stored["status"]) == (winner, 2, "in_progress")
