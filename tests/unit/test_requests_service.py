"""The request service on in-memory stores: every edge of the lifecycle by every party, the order in
which refusals are answered, create (files, products, idempotency), lists per role, and races."""

import io
import json

import pytest
from customizations.api.schemas import ACTION_BODIES
from customizations.domain.actors import Actor
from customizations.domain.commands import (
    AllowRevision,
    Approve,
    Assign,
    Cancel,
    Complete,
    CreateRequest,
    Rate,
    Reassign,
    Reject,
    Release,
    RequestFilter,
    UploadFinal,
)
from customizations.domain.files import FileField
from customizations.domain.lifecycle import TRANSITIONS, Action, Role, Status
from customizations.domain.records import AlreadyExists, PageRequest
from customizations.errors import AppError, ErrorCode

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

OWNER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
OTHER_CUSTOMER = Actor("c2", Role.CUSTOMER, "Olive", "olive@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
OTHER_DESIGNER = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
CALLERS = {
    "owner": OWNER,
    "other_customer": OTHER_CUSTOMER,
    "designer": DESIGNER,  # the designer who claims the request (any designer while it waits)
    "other_designer": OTHER_DESIGNER,
    "admin": ADMIN,
}

# The contract, written from the product's description rather than read from the code's table:
# (status, action) -> (the status it leads to, who may take it).
CONTRACT = {
    (Status.PENDING, Action.ASSIGN): (Status.IN_PROGRESS, {"designer", "other_designer", "admin"}),
    (Status.IN_PROGRESS, Action.UPLOAD_FINAL): (Status.AWAITING_APPROVAL, {"designer", "admin"}),
    (Status.AWAITING_APPROVAL, Action.APPROVE): (Status.APPROVED, {"owner", "admin"}),
    (Status.AWAITING_APPROVAL, Action.REJECT): (Status.IN_PROGRESS, {"owner", "admin"}),
    (Status.PENDING, Action.CANCEL): (Status.CANCELLED, {"owner", "admin"}),
    (Status.IN_PROGRESS, Action.CANCEL): (Status.CANCELLED, {"owner", "admin"}),
    (Status.AWAITING_APPROVAL, Action.CANCEL): (Status.CANCELLED, {"owner", "admin"}),
    (Status.APPROVED, Action.COMPLETE): (Status.COMPLETED, {"admin"}),
    (Status.APPROVED, Action.RATE): (Status.APPROVED, {"owner"}),  # the customer rates the design
    (Status.COMPLETED, Action.RATE): (Status.COMPLETED, {"owner"}),
    # Its designer gives a claim back to the queue; an admin gives it to another designer.
    (Status.IN_PROGRESS, Action.RELEASE): (Status.PENDING, {"designer", "admin"}),
    (Status.IN_PROGRESS, Action.REASSIGN): (Status.IN_PROGRESS, {"admin"}),
    # An admin allows more rounds of changes, wherever the request is still open.
    **{
        (status, Action.ALLOW_REVISION): (status, {"admin"})
        for status in (Status.PENDING, Status.IN_PROGRESS, Status.AWAITING_APPROVAL)
    },
}
# Which actions a role may ever take (otherwise 403 whatever the request).
ROLE_ACTIONS = {
    Role.CUSTOMER: {Action.APPROVE, Action.REJECT, Action.CANCEL, Action.RATE},
    Role.DESIGNER: {Action.ASSIGN, Action.UPLOAD_FINAL, Action.RELEASE},
    Role.ADMIN: set(Action) - {Action.CREATE, Action.RATE},
}
ACTIONS = [a for a in Action if a is not Action.CREATE]


@pytest.fixture
def stack():
    s = Stack(OWNER, OTHER_CUSTOMER, DESIGNER, OTHER_DESIGNER, ADMIN)
    s.product()
    return s


def upload(stack, actor, kind, name="design.png"):
    """A finished upload by actor, through the upload service; its object path."""
    data = SAMPLES["." + name.rsplit(".", 1)[1]]
    return stack.services.uploads.upload(actor, kind, name, None, io.BytesIO(data))["path"]


def create(stack, by=OWNER, **files):
    command = CreateRequest("mug", 2, "Blue, please", files)
    return stack.services.requests.create(by, command, None)


def command_for(stack, action, actor):
    """A well-formed command for action, with files uploaded by actor where it needs them."""
    if action is Action.UPLOAD_FINAL:
        if actor.role is Role.CUSTOMER:  # refused before any file is looked at
            return UploadFinal(
                files={FileField.DESIGNER_FINAL_FILE: "customizations/x/designer_final/1_x.png"}
            )
        return UploadFinal(files={FileField.DESIGNER_FINAL_FILE: upload(stack, actor, "designer_final")})
    return {
        Action.ASSIGN: Assign(),
        Action.APPROVE: Approve(),
        Action.REJECT: Reject("Too dark"),
        Action.CANCEL: Cancel(),
        Action.COMPLETE: Complete("order-1"),
        Action.RATE: Rate(5),
        Action.RELEASE: Release("Out sick this week"),
        Action.REASSIGN: Reassign(OTHER_DESIGNER.uid),
        Action.ALLOW_REVISION: AllowRevision(1),
    }[action]


def act(stack, actor, request_id, command, if_match=None):
    return stack.services.requests.act(actor, request_id, command, if_match)


def request_at(stack, status):
    """A request of OWNER's in status, claimed by DESIGNER once past the queue."""
    request_id = create(stack)["id"]
    path = {
        Status.PENDING: [],
        Status.IN_PROGRESS: [(DESIGNER, Action.ASSIGN)],
        Status.AWAITING_APPROVAL: [(DESIGNER, Action.ASSIGN), (DESIGNER, Action.UPLOAD_FINAL)],
        Status.APPROVED: [
            (DESIGNER, Action.ASSIGN),
            (DESIGNER, Action.UPLOAD_FINAL),
            (OWNER, Action.APPROVE),
        ],
        Status.COMPLETED: [
            (DESIGNER, Action.ASSIGN),
            (DESIGNER, Action.UPLOAD_FINAL),
            (OWNER, Action.APPROVE),
            (ADMIN, Action.COMPLETE),
        ],
        Status.CANCELLED: [(DESIGNER, Action.ASSIGN), (OWNER, Action.CANCEL)],
    }[status]
    for actor, action in path:
        act(stack, actor, request_id, command_for(stack, action, actor))
    assert stack.world.requests[request_id]["status"] == status
    return request_id


def expected_refusal(label, status, action):
    """The code the contract answers a refused action with, checked in its order: unseen (404, or
    409 for a designer's claim), a role that never may (403), a status with no such edge (409), a
    party not allowed (403)."""
    actor = CALLERS[label]
    visible = label in ("owner", "admin") or (label == "designer" and status is not Status.PENDING)
    visible = visible or (actor.role is Role.DESIGNER and status is Status.PENDING)
    if not visible:
        return (
            ErrorCode.INVALID_TRANSITION
            if action is Action.ASSIGN and actor.role is Role.DESIGNER
            else ErrorCode.NOT_FOUND
        )
    if action not in ROLE_ACTIONS[actor.role]:
        return ErrorCode.FORBIDDEN
    if (status, action) not in CONTRACT:
        return ErrorCode.INVALID_TRANSITION
    return ErrorCode.FORBIDDEN


def test_the_contract_names_every_edge_of_the_lifecycle_table():
    table = {key: (edge.to, edge.parties) for key, edge in TRANSITIONS.items() if key[1] is not Action.CREATE}
    assert {key: to for key, (to, _) in table.items()} == {key: to for key, (to, _) in CONTRACT.items()}


@pytest.mark.parametrize("label", CALLERS)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("status", list(Status), ids=str)
def test_every_action_from_every_status_by_every_party_follows_the_contract(stack, status, action, label):
    request_id = request_at(stack, status)
    actor = CALLERS[label]
    before = dict(stack.world.requests[request_id])
    command = command_for(stack, action, actor)
    edge = CONTRACT.get((status, action))
    if edge is not None and label in edge[1]:
        after = act(stack, actor, request_id, command)
        assert after["status"] == edge[0]
        assert after["version"] == before["version"] + 1
        assert after["lastEvent"]["actorId"] == actor.uid
        assert stack.world.requests[request_id]["status"] == edge[0]
    else:
        with pytest.raises(AppError) as refused:
            act(stack, actor, request_id, command)
        assert refused.value.code is expected_refusal(label, status, action)
        assert stack.world.requests[request_id] == before


def test_the_service_knows_what_every_action_of_the_table_writes(stack):
    table_actions = {action for (_, action) in TRANSITIONS if action is not Action.CREATE}
    assert stack.services.requests.actions == table_actions
    assert set(ACTION_BODIES) == table_actions


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_each_action_body_builds_the_command_of_its_own_action(action):
    model = ACTION_BODIES[action]
    fields = {"action": action.value}
    if action is Action.UPLOAD_FINAL:
        fields["designerFinalFile"] = {
            "url": "gs://b/p",
            "path": "customizations/d1/designer_final/1_a.png",
            "fileName": "a.png",
            "fileSize": 64,
            "contentType": "image/png",
            "uploadedAt": "2026-11-01T00:00:00Z",
        }
    extra = {
        Action.REJECT: {"reason": "why"},
        Action.COMPLETE: {"orderId": "o1"},
        Action.RATE: {"stars": 4},
        Action.RELEASE: {"reason": "why"},
        Action.REASSIGN: {"designerId": "d2"},
    }
    fields.update(extra.get(action, {}))
    assert model.model_validate_json(json.dumps(fields)).command().action is action


# ---- the order of answers ----


def test_an_outsider_hears_404_before_anything_else_is_judged(stack):
    request_id = request_at(stack, Status.AWAITING_APPROVAL)
    with pytest.raises(AppError) as refused:
        act(stack, OTHER_CUSTOMER, request_id, Complete("o"), if_match=99)
    assert refused.value.code is ErrorCode.NOT_FOUND


def test_a_role_that_can_never_take_the_action_hears_403_before_a_stale_version(stack):
    request_id = request_at(stack, Status.APPROVED)
    with pytest.raises(AppError) as refused:
        act(stack, OWNER, request_id, Complete("o"), if_match=99)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_a_stale_version_is_412_before_the_state_is_judged(stack):
    request_id = request_at(stack, Status.PENDING)
    with pytest.raises(AppError) as refused:
        act(stack, OWNER, request_id, Approve(), if_match=7)
    assert refused.value.code is ErrorCode.PRECONDITION_FAILED


def test_the_current_version_in_if_match_lets_the_action_through(stack):
    request_id = request_at(stack, Status.PENDING)
    assert act(stack, OWNER, request_id, Cancel("changed my mind"), if_match=1)["version"] == 2


def test_a_claim_of_a_request_someone_claimed_first_is_409_though_it_is_no_longer_visible(stack):
    request_id = request_at(stack, Status.IN_PROGRESS)
    with pytest.raises(AppError) as refused:
        act(stack, OTHER_DESIGNER, request_id, Assign())
    assert refused.value.code is ErrorCode.INVALID_TRANSITION
    with pytest.raises(AppError) as hidden:
        stack.services.requests.get(OTHER_DESIGNER, request_id)
    assert hidden.value.code is ErrorCode.NOT_FOUND


def test_a_missing_request_is_404(stack):
    with pytest.raises(AppError) as refused:
        act(stack, ADMIN, "nope", Cancel())
    assert refused.value.code is ErrorCode.NOT_FOUND


# ---- what actions write ----


def test_an_admin_may_assign_a_named_designer_and_only_a_designer(stack):
    request_id = request_at(stack, Status.PENDING)
    with pytest.raises(AppError) as refused:
        act(stack, ADMIN, request_id, Assign(designer_id=OWNER.uid))
    assert refused.value.code is ErrorCode.VALIDATION_ERROR
    assert refused.value.details == [{"field": "designerId", "message": "no designer with this id"}]
    after = act(stack, ADMIN, request_id, Assign(designer_id=OTHER_DESIGNER.uid))
    assert (after["designerId"], after["designerName"]) == (OTHER_DESIGNER.uid, "Drew")


def test_a_designer_may_not_assign_someone_else(stack):
    request_id = request_at(stack, Status.PENDING)
    with pytest.raises(AppError) as refused:
        act(stack, DESIGNER, request_id, Assign(designer_id=OTHER_DESIGNER.uid))
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_a_rejection_keeps_its_reason_as_written_and_counts_a_decision(stack):
    request_id = request_at(stack, Status.AWAITING_APPROVAL)
    after = act(stack, OWNER, request_id, Reject("  Too dark <b>here</b>\n"))
    assert (after["status"], after["rejectionReason"]) == (Status.IN_PROGRESS, "  Too dark <b>here</b>\n")
    assert (after["rejectionCount"], after["decisionCount"]) == (1, 1)


def test_a_submission_stores_the_servers_file_ref_and_marks_the_upload_used(stack):
    request_id = request_at(stack, Status.IN_PROGRESS)
    path = upload(stack, DESIGNER, "designer_final", "final.pdf")
    after = act(stack, DESIGNER, request_id, UploadFinal(files={FileField.DESIGNER_FINAL_FILE: path}))
    assert after["designerFinalFile"]["path"] == path
    assert after["designerFinalFile"]["contentType"] == "application/pdf"
    assert after["designerPreviewImage"] is None
    assert stack.uploads_store.record(path)["attachedTo"] == request_id


def test_a_submission_with_someone_elses_upload_is_refused_naming_the_field(stack):
    request_id = request_at(stack, Status.IN_PROGRESS)
    theirs = upload(stack, ADMIN, "designer_final")
    with pytest.raises(AppError) as refused:
        act(stack, DESIGNER, request_id, UploadFinal(files={FileField.DESIGNER_FINAL_FILE: theirs}))
    assert refused.value.code is ErrorCode.VALIDATION_ERROR
    assert refused.value.details == [{"field": "designerFinalFile", "message": "must be a file you uploaded"}]
    assert stack.world.requests[request_id]["status"] == Status.IN_PROGRESS


# ---- races ----


def test_a_claim_that_loses_the_race_is_answered_from_the_winners_write(stack):
    request_id = request_at(stack, Status.PENDING)

    def rival_claims_first(_id):
        stack.store.on_update = None
        act(stack, OTHER_DESIGNER, request_id, Assign())

    stack.store.on_update = rival_claims_first
    with pytest.raises(AppError) as refused:
        act(stack, DESIGNER, request_id, Assign())
    assert refused.value.code is ErrorCode.INVALID_TRANSITION
    assert stack.world.requests[request_id]["designerId"] == OTHER_DESIGNER.uid


def test_a_request_that_keeps_changing_under_an_action_is_a_conflict_after_a_few_tries(stack):
    request_id = request_at(stack, Status.PENDING)

    def touch(rid):
        stack.world.update_times[rid] += 1000

    stack.store.on_update = touch
    with pytest.raises(AppError) as refused:
        act(stack, OWNER, request_id, Cancel())
    assert refused.value.code is ErrorCode.CONFLICT
    assert stack.world.requests[request_id]["status"] == Status.PENDING


# ---- create ----


def test_a_new_request_waits_for_a_designer_with_the_products_name_and_the_callers_details(stack):
    created = create(stack)
    assert created["status"] == Status.PENDING and created["version"] == 1
    assert (created["productName"], created["customerName"]) == ("Ceramic mug", "Casey")
    assert created["customerDesignFile"] is None and "designerId" not in created


def test_designers_do_not_create_requests(stack):
    with pytest.raises(AppError) as refused:
        create(stack, by=DESIGNER)
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    ("product", "message"),
    [(None, "no such product"), ({"isCustomizable": False}, "this product cannot be customized")],
)
def test_a_request_for_an_unknown_or_fixed_product_is_refused(stack, product, message):
    stack.world.products.clear()
    if product is not None:
        stack.product(**product)
    with pytest.raises(AppError) as refused:
        create(stack)
    assert refused.value.code is ErrorCode.VALIDATION_ERROR
    assert refused.value.details == [{"field": "productId", "message": message}]
    assert stack.world.requests == {}


def test_a_customers_files_are_checked_and_attached_in_the_same_write(stack):
    design = upload(stack, OWNER, "customer_design", "brief.pdf")
    created = create(stack, **{FileField.CUSTOMER_DESIGN_FILE: design})
    assert stack.uploads_store.record(design)["attachedTo"] == created["id"]
    with pytest.raises(AppError) as reused:
        create(stack, **{FileField.CUSTOMER_DESIGN_FILE: design})
    assert reused.value.details == [
        {"field": "customerDesignFile", "message": "already used by another request"}
    ]
    preview_as_design = upload(stack, OWNER, "preview")
    with pytest.raises(AppError) as wrong_kind:
        create(stack, **{FileField.CUSTOMER_DESIGN_FILE: preview_as_design})
    assert wrong_kind.value.details == [
        {"field": "customerDesignFile", "message": "must be a 'customer_design' upload"}
    ]


def test_a_retried_create_with_its_key_returns_the_first_request(stack):
    command = CreateRequest("mug", 1, "Gold rim")
    first = stack.services.requests.create(OWNER, command, "key-1")
    again = stack.services.requests.create(OWNER, command, "key-1")
    assert first["id"] == again["id"] and len(stack.world.requests) == 1
    other_user = stack.services.requests.create(OTHER_CUSTOMER, command, "key-1")
    assert other_user["id"] != first["id"]


def test_a_key_reused_with_another_body_is_a_conflict(stack):
    stack.services.requests.create(OWNER, CreateRequest("mug", 1, "Gold rim"), "key-1")
    with pytest.raises(AppError) as refused:
        stack.services.requests.create(OWNER, CreateRequest("mug", 3, "Gold rim"), "key-1")
    assert refused.value.code is ErrorCode.CONFLICT
    assert len(stack.world.requests) == 1


def test_a_create_that_loses_the_race_to_its_own_retry_answers_the_winners_request(stack):
    command = CreateRequest("mug", 1, "Gold rim")
    real_create = stack.store.create

    def retry_wins_first(request_id, data, contact, idempotency, attach=()):
        key_id, record = idempotency
        real_create("winner", {**data}, contact, (key_id, {**record, "requestId": "winner"}), attach)
        raise AlreadyExists(idempotency[0])

    stack.store.create = retry_wins_first
    answered = stack.services.requests.create(OWNER, command, "key-1")
    assert answered["id"] == "winner" and list(stack.world.requests) == ["winner"]


# ---- lists ----


def test_each_role_lists_what_it_may_see_newest_first(stack):
    mine = [create(stack)["id"] for _ in range(3)]
    theirs = create(stack, by=OTHER_CUSTOMER)["id"]
    act(stack, DESIGNER, mine[0], Assign())
    page = PageRequest(limit=20)
    listed = stack.services.requests.list_requests
    assert [r["id"] for r in listed(OWNER, RequestFilter(), page).items] == mine[::-1]
    assert [r["id"] for r in listed(DESIGNER, RequestFilter(), page).items] == [mine[0]]
    assert [r["id"] for r in listed(ADMIN, RequestFilter(), page).items] == [theirs, *mine[::-1]]
    by_status = listed(ADMIN, RequestFilter(status=Status.IN_PROGRESS), page).items
    assert [r["id"] for r in by_status] == [mine[0]]
    by_customer = listed(ADMIN, RequestFilter(customer_id=OTHER_CUSTOMER.uid), page).items
    assert [r["id"] for r in by_customer] == [theirs]


@pytest.mark.parametrize(
    ("actor", "where"),
    [
        (OWNER, RequestFilter(customer_id=OTHER_CUSTOMER.uid)),
        (OWNER, RequestFilter(designer_id=DESIGNER.uid)),
        (DESIGNER, RequestFilter(designer_id=OTHER_DESIGNER.uid)),
        (DESIGNER, RequestFilter(customer_id=OWNER.uid)),
    ],
)
def test_asking_to_list_someone_elses_requests_is_forbidden(stack, actor, where):
    with pytest.raises(AppError) as refused:
        stack.services.requests.list_requests(actor, where, PageRequest())
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_pages_follow_their_cursors_to_the_end(stack):
    for _ in range(5):
        create(stack)
        stack.clock.advance(minutes=1)
    seen, cursor = [], None
    while True:
        page = stack.services.requests.list_requests(OWNER, RequestFilter(), PageRequest(2, cursor))
        seen.extend(r["id"] for r in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(stack.world.requests, reverse=True)


def test_the_queue_is_for_designers_and_admins_oldest_first(stack):
    first = create(stack)["id"]
    stack.clock.advance(minutes=5)
    second = create(stack)["id"]
    claimed = create(stack)["id"]
    act(stack, DESIGNER, claimed, Assign())
    queue = stack.services.requests.pending(OTHER_DESIGNER, PageRequest())
    assert [r["id"] for r in queue.items] == [first, second]
    with pytest.raises(AppError) as refused:
        stack.services.requests.pending(OWNER, PageRequest())
    assert refused.value.code is ErrorCode.FORBIDDEN


# ---- privacy ----


def test_designers_see_no_contact_details_until_one_claims_the_request(stack):
    request_id = create(stack)["id"]
    assert stack.world.requests[request_id]["customerEmail"] is None  # nothing in the readable document
    assert stack.services.requests.get(DESIGNER, request_id)["customerEmail"] is None
    queue = stack.services.requests.pending(DESIGNER, PageRequest()).items
    assert [r["customerEmail"] for r in queue] == [None]
    assert stack.services.requests.get(OWNER, request_id)["customerEmail"] == "casey@example.com"
    assert stack.services.requests.get(ADMIN, request_id)["customerEmail"] == "casey@example.com"
    assert [r["customerEmail"] for r in stack.services.requests.pending(ADMIN, PageRequest()).items] == [
        "casey@example.com"
    ]
    claimed = act(stack, DESIGNER, request_id, Assign())
    assert claimed["customerEmail"] == "casey@example.com"
    assert stack.world.requests[request_id]["customerEmail"] == "casey@example.com"
    assert stack.services.requests.get(DESIGNER, request_id)["customerEmail"] == "casey@example.com"
