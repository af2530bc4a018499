"""Statistics, workload, histories, notifications and roles on in-memory stores, with a clock that
moves only when told: every figure is checked to its exact value."""

import io
from datetime import timedelta

import pytest
from customizations.domain.actors import Actor
from customizations.domain.commands import Approve, Assign, Cancel, CreateRequest, Reject, UploadFinal
from customizations.domain.files import FileField
from customizations.domain.lifecycle import Event, Role, Status
from customizations.domain.records import PageRequest
from customizations.errors import AppError, ErrorCode
from customizations.services.reports import reconcile_loads

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
OTHER_CUSTOMER = Actor("c2", Role.CUSTOMER, "Olive", "olive@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
OTHER_DESIGNER = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")


@pytest.fixture
def stack():
    s = Stack(CUSTOMER, OTHER_CUSTOMER, DESIGNER, OTHER_DESIGNER, ADMIN)
    s.product()
    return s


def create(stack, by=CUSTOMER):
    return stack.services.requests.create(by, CreateRequest("mug", 1, "Gold rim"), None)["id"]


def act(stack, actor, request_id, command):
    return stack.services.requests.act(actor, request_id, command, None)


def submit(stack, designer, request_id, notes="v1"):
    data = io.BytesIO(SAMPLES[".png"])
    path = stack.services.uploads.upload(designer, "designer_final", "final.png", None, data)["path"]
    return act(stack, designer, request_id, UploadFinal({FileField.DESIGNER_FINAL_FILE: path}, notes))


@pytest.fixture
def history(stack):
    """Two requests on a known timeline.

    r1: asked at 0 h, claimed at 2 h, design at 5 h, rejected at 6 h (1 h review), design at 8 h,
        approved at 11 h (3 h review): 11 h from request to approval, 2 designs.
    r2: asked at 1 h, claimed by the other designer at 5 h (4 h response), cancelled at 6 h.
    """
    clock = stack.clock
    r1 = create(stack)
    clock.advance(hours=1)
    r2 = create(stack, by=OTHER_CUSTOMER)
    clock.advance(hours=1)
    act(stack, DESIGNER, r1, Assign())
    clock.advance(hours=3)
    submit(stack, DESIGNER, r1)
    act(stack, OTHER_DESIGNER, r2, Assign())
    clock.advance(hours=1)
    act(stack, CUSTOMER, r1, Reject("Bigger logo"))
    act(stack, OTHER_CUSTOMER, r2, Cancel("No longer needed"))
    clock.advance(hours=2)
    submit(stack, DESIGNER, r1, "v2")
    clock.advance(hours=3)
    act(stack, CUSTOMER, r1, Approve())
    stack.settle()
    return r1, r2


def test_the_averages_are_exact_hours_between_the_moments_they_name(stack, history):
    figures = stack.services.reports.stats(ADMIN)
    assert figures["total"] == 2
    assert figures["byStatus"] == {
        "pending_designer_review": 0,
        "in_progress": 0,
        "awaiting_customer_approval": 0,
        "approved": 1,
        "completed": 0,
        "cancelled": 1,
    }
    assert figures["averageResponseHours"] == 3.0  # (2 + 4) / 2
    assert figures["averageReviewHours"] == 2.0  # (1 + 3) / 2 decisions
    assert figures["averageCompletionHours"] == 11.0
    assert (figures["approvalRate"], figures["rejectionRate"]) == (0.5, 0.5)
    assert figures["revisionsPerRequest"] == 2.0
    assert figures["activeDesigners"] == 0


def test_each_role_sees_the_figures_of_its_own_requests(stack, history):
    mine = stack.services.reports.stats(OTHER_CUSTOMER)
    assert (mine["total"], mine["byStatus"]["cancelled"], mine["averageResponseHours"]) == (1, 1, 4.0)
    assert "activeDesigners" not in mine
    dana = stack.services.reports.stats(DESIGNER)
    assert (dana["total"], dana["averageReviewHours"], dana["averageResponseHours"]) == (1, 2.0, 2.0)


def test_figures_with_nothing_to_average_are_null_not_zero(stack):
    figures = stack.services.reports.stats(CUSTOMER)
    assert figures["total"] == 0
    assert figures["averageResponseHours"] is None and figures["approvalRate"] is None


def test_workload_lists_every_designer_least_loaded_first(stack, history):
    busy = create(stack)
    act(stack, OTHER_DESIGNER, busy, Assign())
    stack.settle()
    loads = stack.services.reports.workload(ADMIN, PageRequest()).items
    assert [(w["designerId"], w["active"], w["completedTotal"]) for w in loads] == [
        ("d1", 0, 1),
        ("d2", 1, 0),
    ]
    assert loads[0]["averageCompletionHours"] == 11.0
    (own,) = stack.services.reports.workload(OTHER_DESIGNER, PageRequest()).items
    assert (own["designerId"], own["inProgress"], own["awaitingApproval"]) == ("d2", 1, 0)
    with pytest.raises(AppError) as refused:
        stack.services.reports.workload(CUSTOMER, PageRequest())
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_reconciliation_finds_nothing_to_fix_after_the_trigger_and_repairs_a_broken_counter(stack, history):
    def reconcile():
        return reconcile_loads(stack.stats, stack.clock.now, timedelta(0))

    assert reconcile() == {}
    stack.world.loads["d1"]["total"] += 5
    assert reconcile() == {"d1": {"total": -5}}
    assert stack.services.reports.stats(DESIGNER)["total"] == 1
    assert reconcile() == {}


# ---- histories and notifications ----


def test_the_audit_trail_is_every_transition_in_order_for_participants_only(stack, history):
    r1, _ = history
    trail = stack.services.activity.audit_trail(CUSTOMER, r1, PageRequest(limit=100)).items
    assert [e["event"] for e in trail] == [
        Event.REQUEST_CREATED,
        Event.DESIGNER_ASSIGNED,
        Event.DESIGN_COMPLETED,
        Event.DESIGN_REJECTED,
        Event.DESIGN_COMPLETED,
        Event.DESIGN_APPROVED,
    ]
    assert [e["version"] for e in trail] == [1, 2, 3, 4, 5, 6]
    for outsider in (OTHER_CUSTOMER, OTHER_DESIGNER):
        with pytest.raises(AppError) as hidden:
            stack.services.activity.audit_trail(outsider, r1, PageRequest())
        assert hidden.value.code is ErrorCode.NOT_FOUND


def test_revisions_keep_each_design_and_the_verdict_it_got(stack, history):
    r1, _ = history
    first, second = stack.services.activity.revisions(DESIGNER, r1, PageRequest()).items
    assert (first["designerNotes"], first["rejectionReason"]) == ("v1", "Bigger logo")
    assert (second["designerNotes"], second.get("rejectionReason")) == ("v2", None)
    assert second["approvedAt"] == stack.clock.now


def test_a_designer_who_never_claimed_a_pending_request_does_not_read_its_history(stack):
    waiting = create(stack)
    stack.settle()
    assert stack.services.requests.get(DESIGNER, waiting)["status"] == Status.PENDING
    with pytest.raises(AppError) as hidden:
        stack.services.activity.revisions(DESIGNER, waiting, PageRequest())
    assert hidden.value.code is ErrorCode.NOT_FOUND


def test_notifications_reach_the_parties_and_are_marked_read_once_by_their_recipient(stack, history):
    r1, _ = history
    inbox = stack.services.activity.notifications(DESIGNER, True, PageRequest(limit=100)).items
    assert {n["type"] for n in inbox} == {
        Event.REQUEST_CREATED,
        Event.DESIGN_REJECTED,
        Event.DESIGN_APPROVED,
    }
    newest = inbox[0]
    assert (newest["type"], newest["requestId"]) == (Event.DESIGN_APPROVED, r1)
    with pytest.raises(AppError) as hidden:
        stack.services.activity.mark_read(CUSTOMER, newest["id"])
    assert hidden.value.code is ErrorCode.NOT_FOUND
    read_at = stack.clock.now
    assert stack.services.activity.mark_read(DESIGNER, newest["id"])["readAt"] == read_at
    stack.clock.advance(hours=1)
    assert stack.services.activity.mark_read(DESIGNER, newest["id"])["readAt"] == read_at
    unread = stack.services.activity.notifications(DESIGNER, True, PageRequest(limit=100)).items
    assert newest["id"] not in {n["id"] for n in unread}


def inbox(stack, actor, unread=False, limit=100):
    """Every page of someone's notifications, and how many pages it took."""
    items, cursor, pages = [], None, 0
    while True:
        page = stack.services.activity.notifications(actor, unread, PageRequest(limit=limit, cursor=cursor))
        items += page.items
        pages += 1
        if page.next_cursor is None:
            return items, pages
        cursor = page.next_cursor


def test_every_designer_sees_each_new_request_once_with_their_own_read_state(stack):
    rids = [create(stack) for _ in range(3)]
    stack.settle()
    assert stack.world.notifications == {}  # announced without a document per designer
    for designer in (DESIGNER, OTHER_DESIGNER):
        items, _ = inbox(stack, designer)
        assert [n["id"] for n in items] == [f"{rid}-v1" for rid in reversed(rids)]
        assert {(n["type"], n["recipientId"], n["readAt"]) for n in items} == {
            (Event.REQUEST_CREATED, designer.uid, None)
        }
        assert items[0]["body"] == "Casey asked for a custom Ceramic mug."
    assert inbox(stack, CUSTOMER)[0] == [] and inbox(stack, ADMIN)[0] == []

    read_at = stack.clock.now
    marked = stack.services.activity.mark_read(DESIGNER, f"{rids[0]}-v1")
    assert (marked["id"], marked["readAt"], marked["requestId"]) == (f"{rids[0]}-v1", read_at, rids[0])
    stack.clock.advance(hours=1)
    assert stack.services.activity.mark_read(DESIGNER, f"{rids[0]}-v1")["readAt"] == read_at  # once
    assert [n["requestId"] for n in inbox(stack, DESIGNER, unread=True)[0]] == rids[:0:-1]
    assert [n["requestId"] for n in inbox(stack, OTHER_DESIGNER, unread=True)[0]] == rids[::-1]
    for outsider in (CUSTOMER, ADMIN):
        with pytest.raises(AppError) as hidden:
            stack.services.activity.mark_read(outsider, f"{rids[0]}-v1")
        assert hidden.value.code is ErrorCode.NOT_FOUND
    for nonsense in ("nope-v1", "-v1", rids[0], f"{rids[0]}-v2"):
        with pytest.raises(AppError) as missing:
            stack.services.activity.mark_read(DESIGNER, nonsense)
        assert missing.value.code is ErrorCode.NOT_FOUND


def test_announcements_end_after_their_period(stack):
    old = create(stack)
    stack.clock.advance(days=30, seconds=1)
    new = create(stack)
    stack.settle()
    assert [n["requestId"] for n in inbox(stack, DESIGNER)[0]] == [new]
    with pytest.raises(AppError) as gone:
        stack.services.activity.mark_read(DESIGNER, f"{old}-v1")
    assert gone.value.code is ErrorCode.NOT_FOUND


def test_a_designers_inbox_pages_through_both_sources_without_gaps_or_repeats(stack, history):
    for _ in range(4):
        create(stack)
        create(stack, by=OTHER_CUSTOMER)  # two requests at one time: ties, told apart by id
        stack.clock.advance(minutes=30)
    stack.settle()
    whole, _ = inbox(stack, DESIGNER)
    kinds = {n["type"] for n in whole}
    assert {Event.REQUEST_CREATED, Event.DESIGN_APPROVED, Event.DESIGN_REJECTED} <= kinds
    assert [n["createdAt"] for n in whole] == sorted((n["createdAt"] for n in whole), reverse=True)
    for limit in (1, 2, 3, 5):
        assert inbox(stack, DESIGNER, limit=limit)[0] == whole


def test_an_unread_page_reads_a_bounded_number_of_announcements_and_goes_on_from_where_it_stopped(stack):
    from customizations.services.activity import _CHUNKS

    limit = 2
    rids = [create(stack) for _ in range(limit * _CHUNKS * 3)]
    stack.settle()
    for rid in rids[1:]:  # all read but the oldest
        stack.services.activity.mark_read(DESIGNER, f"{rid}-v1")
    calls = []
    real = stack.events.announcements
    stack.events.announcements = lambda *a: calls.append(a) or real(*a)
    first = stack.services.activity.notifications(DESIGNER, True, PageRequest(limit=limit))
    assert first.items == [] and first.next_cursor is not None and len(calls) == _CHUNKS
    items, pages = inbox(stack, DESIGNER, unread=True, limit=limit)
    # (limit + 1) * _CHUNKS = 30 announcements a page: the second ends on the oldest, the third
    # finds nothing after it.
    assert [n["requestId"] for n in items] == [rids[0]] and pages == 3


def test_an_unread_page_after_read_all_shows_what_came_since_and_reads_no_chunk_past_it(stack):
    before = [create(stack) for _ in range(20)]
    stack.settle()
    stack.clock.advance(minutes=1)
    stack.services.activity.mark_all_read(DESIGNER)
    stack.clock.advance(minutes=1)
    since = [create(stack) for _ in range(2)]
    stack.settle()
    calls = []
    real = stack.events.announcements
    stack.events.announcements = lambda *a: calls.append(a) or real(*a)
    page = stack.services.activity.notifications(DESIGNER, True, PageRequest(limit=3))
    assert [n["requestId"] for n in page.items] == since[::-1] and page.next_cursor is None
    assert len(calls) == 1  # the first chunk, read with the read-all time, ended the reading
    everything = stack.services.activity.notifications(DESIGNER, False, PageRequest(limit=30)).items
    assert {n["requestId"] for n in everything} == {*before, *since}
    assert all(n["readAt"] is not None for n in everything if n["requestId"] in before)


# ---- roles ----


def test_only_admins_set_roles_and_the_profile_follows(stack):
    with pytest.raises(AppError) as refused:
        stack.services.users.set_role(DESIGNER, CUSTOMER.uid, Role.DESIGNER)
    assert refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(AppError) as missing:
        stack.services.users.set_role(ADMIN, "nobody", Role.DESIGNER)
    assert missing.value.code is ErrorCode.NOT_FOUND
    assert stack.services.users.set_role(ADMIN, CUSTOMER.uid, Role.DESIGNER) == {
        "uid": "c1",
        "role": "designer",
    }
    assert stack.directory.user(CUSTOMER.uid).role is Role.DESIGNER
    assert stack.world.users["c1"]["role"] == "designer"
    workload = stack.services.reports.workload(ADMIN, PageRequest()).items
    assert [w["designerId"] for w in workload] == ["c1", "d1", "d2"]  # a designer now, idle


def test_only_admins_disable_users_never_themselves_and_enable_them_again(stack):
    for who, uid, code in (
        (DESIGNER, CUSTOMER.uid, ErrorCode.FORBIDDEN),
        (CUSTOMER, CUSTOMER.uid, ErrorCode.FORBIDDEN),
        (ADMIN, ADMIN.uid, ErrorCode.FORBIDDEN),
        (ADMIN, "nobody", ErrorCode.NOT_FOUND),
    ):
        with pytest.raises(AppError) as refused:
            stack.services.users.set_disabled(who, uid, True)
        assert refused.value.code is code
    assert stack.directory.disabled == set()
    assert stack.services.users.set_disabled(ADMIN, CUSTOMER.uid, True) == {"uid": "c1", "disabled": True}
    assert stack.directory.disabled == {"c1"}
    assert stack.services.users.set_disabled(ADMIN, CUSTOMER.uid, False) == {"uid": "c1", "disabled": False}
    assert stack.directory.disabled == set()
