"""The conversation around a request on in-memory stores: the message thread, comments pinned to a
design, and ratings, with who may say what where from domain.conversation's table."""

import io

import pytest
from customizations.domain.actors import Actor
from customizations.domain.commands import (
    AddComment,
    Approve,
    Assign,
    Cancel,
    Complete,
    CreateRequest,
    PostMessage,
    Rate,
    Reject,
    UploadFinal,
)
from customizations.domain.conversation import TALK, Talk
from customizations.domain.files import FileField
from customizations.domain.lifecycle import Event, Party, Role, Status
from customizations.domain.records import PageRequest
from customizations.errors import AppError, ErrorCode

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


def refused(code, call, *args):
    with pytest.raises(AppError) as caught:
        call(*args)
    assert caught.value.code is code, caught.value.message
    return caught.value


def upload(stack, actor, kind="preview", name="sketch.png"):
    return stack.services.uploads.upload(actor, kind, name, None, io.BytesIO(SAMPLES[".png"]))["path"]


def act(stack, actor, request_id, command):
    return stack.services.requests.act(actor, request_id, command, None)


def submitted(stack, rounds=1):
    """A request DESIGNER claimed and submitted `rounds` designs for (rejected between them)."""
    request_id = stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)["id"]
    act(stack, DESIGNER, request_id, Assign())
    for n in range(rounds):
        if n:
            act(stack, CUSTOMER, request_id, Reject(f"Round {n}"))
        final = {FileField.DESIGNER_FINAL_FILE: upload(stack, DESIGNER, "designer_final", "final.png")}
        act(stack, DESIGNER, request_id, UploadFinal(final))
    return request_id


def notified(stack, event):
    return sorted(n["recipientId"] for n in stack.world.notifications.values() if n["type"] == event)


# ---- the table ----


def test_who_may_talk_where_is_a_table():
    participants = {Party.OWNER, Party.ASSIGNED_DESIGNER, Party.ADMIN}
    assert TALK[Status.PENDING, Talk.MESSAGE] == {Party.OWNER, Party.ADMIN}
    assert all(TALK[s, Talk.MESSAGE] == participants for s in Status if s is not Status.PENDING)
    assert {s for (s, t) in TALK if t is Talk.COMMENT} == {Status.IN_PROGRESS, Status.AWAITING_APPROVAL}
    assert all(Party.ANY_DESIGNER not in parties for parties in TALK.values())


# ---- messages ----


def test_participants_talk_in_a_thread_that_tells_the_other_party_and_counts_what_each_has_not_read(stack):
    conversation, requests = stack.services.conversation, stack.services.requests
    request_id = submitted(stack)
    first = conversation.post_message(CUSTOMER, request_id, PostMessage("Could the rim be\nthicker?"))
    assert (first["seq"], first["text"], first["authorRole"]) == (1, "Could the rim be\nthicker?", "customer")
    conversation.post_message(DESIGNER, request_id, PostMessage("Sure <b>will do</b>"))
    conversation.post_message(ADMIN, request_id, PostMessage("Noted"))
    stack.settle()
    assert notified(stack, Event.MESSAGE_POSTED) == ["c1", "c1", "d1", "d1"]  # never the author
    page = conversation.messages(DESIGNER, request_id, PageRequest(limit=2))
    assert [m["seq"] for m in page.items] == [1, 2] and page.next_cursor is not None
    assert page.items[1]["text"] == "Sure <b>will do</b>"  # as written: the web app shows it as text
    assert requests.get(CUSTOMER, request_id)["unreadMessages"] == 2
    assert requests.get(DESIGNER, request_id)["unreadMessages"] == 1  # their own count as read
    assert conversation.mark_thread_read(CUSTOMER, request_id)["unreadMessages"] == 0
    listed = requests.list_requests(CUSTOMER, requests_filter(), PageRequest()).items
    assert [r["unreadMessages"] for r in listed] == [0]
    for outsider in (OTHER_CUSTOMER, OTHER_DESIGNER):
        refused(ErrorCode.NOT_FOUND, conversation.post_message, outsider, request_id, PostMessage("Hi"))
        refused(ErrorCode.NOT_FOUND, conversation.messages, outsider, request_id, PageRequest())


def requests_filter():
    from customizations.domain.commands import RequestFilter

    return RequestFilter()


def test_a_waiting_request_takes_messages_from_its_customer_but_no_designer_reads_them(stack):
    request_id = stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)["id"]
    stack.services.conversation.post_message(CUSTOMER, request_id, PostMessage("Any questions?"))
    conversation = stack.services.conversation
    refused(ErrorCode.NOT_FOUND, conversation.messages, DESIGNER, request_id, PageRequest())
    assert stack.services.requests.get(DESIGNER, request_id)["unreadMessages"] == 0


def test_attachments_are_the_authors_own_uploads_and_are_fetched_by_participants(stack):
    conversation = stack.services.conversation
    request_id = submitted(stack)
    mine = upload(stack, CUSTOMER)
    message = conversation.post_message(CUSTOMER, request_id, PostMessage("See this", (mine,)))
    (ref,) = message["attachments"]
    assert ref["path"] == mine and stack.world.uploads[next(iter(stack.world.uploads))]
    assert conversation.attachment(DESIGNER, request_id, message["id"], 0).record["path"] == mine
    refused(ErrorCode.NOT_FOUND, conversation.attachment, DESIGNER, request_id, message["id"], 1)
    refused(ErrorCode.NOT_FOUND, conversation.attachment, OTHER_DESIGNER, request_id, message["id"], 0)
    theirs = upload(stack, OTHER_CUSTOMER)
    refused(
        ErrorCode.VALIDATION_ERROR,
        conversation.post_message,
        CUSTOMER,
        request_id,
        PostMessage("x", (theirs,)),
    )
    other = stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Silver"), None)["id"]
    refused(ErrorCode.VALIDATION_ERROR, conversation.post_message, CUSTOMER, other, PostMessage("x", (mine,)))


def test_a_closed_request_keeps_its_thread_readable_and_takes_messages_for_a_while(stack):
    conversation = stack.services.conversation
    request_id = submitted(stack)
    act(stack, CUSTOMER, request_id, Cancel("Changed my mind"))
    stack.clock.advance(days=13)
    conversation.post_message(DESIGNER, request_id, PostMessage("Sorry to hear"))
    stack.clock.advance(days=2)
    error = refused(
        ErrorCode.CONFLICT, conversation.post_message, CUSTOMER, request_id, PostMessage("Hello?")
    )
    assert "closed" in error.message
    assert len(conversation.messages(CUSTOMER, request_id, PageRequest()).items) == 1


# ---- comments on a design ----


def test_comments_are_pinned_to_the_current_design_answered_resolved_and_shown_with_their_revision(stack):
    conversation = stack.services.conversation
    request_id = submitted(stack)
    pinned = conversation.add_comment(CUSTOMER, request_id, AddComment(1, "Too dark here", 0.25, 0.75))
    assert (pinned["id"], pinned["x"], pinned["y"], pinned["resolved"]) == ("0001-0001", 0.25, 0.75, False)
    reply = conversation.add_comment(
        DESIGNER, request_id, AddComment(1, "Will lighten", reply_to=pinned["id"])
    )
    assert (reply["replyTo"], reply["x"], reply["y"]) == (pinned["id"], 0.25, 0.75)
    stack.settle()
    assert notified(stack, Event.COMMENT_ADDED) == ["c1", "d1"]
    resolved = conversation.resolve_comment(DESIGNER, request_id, 1, pinned["id"])
    assert (resolved["resolved"], resolved["resolvedBy"]) == (True, "d1")
    assert conversation.resolve_comment(CUSTOMER, request_id, 1, pinned["id"])["resolvedBy"] == "d1"  # once
    revisions = stack.services.activity.revisions(CUSTOMER, request_id, PageRequest()).items
    (shown,) = conversation.with_comments(request_id, revisions)
    (comment,) = shown["comments"]
    assert comment["id"] == pinned["id"] and [r["id"] for r in comment["replies"]] == [reply["id"]]
    for bad in (AddComment(1, "No point"), AddComment(1, "Nowhere", reply_to="0001-0099")):
        refused(ErrorCode.VALIDATION_ERROR, conversation.add_comment, CUSTOMER, request_id, bad)
    refused(
        ErrorCode.NOT_FOUND,
        conversation.add_comment,
        OTHER_DESIGNER,
        request_id,
        AddComment(1, "x", 0.1, 0.1),
    )


def test_a_rejection_points_at_comments_and_an_earlier_design_becomes_read_only(stack):
    conversation = stack.services.conversation
    request_id = submitted(stack)
    pinned = conversation.add_comment(CUSTOMER, request_id, AddComment(1, "Logo bigger", 0.5, 0.5))
    refused(ErrorCode.VALIDATION_ERROR, act, stack, CUSTOMER, request_id, Reject("No", ("0001-0042",)))
    act(stack, CUSTOMER, request_id, Reject("See my comment", (pinned["id"],)))
    stack.settle()
    (revision,) = stack.world.revisions[request_id].values()
    assert revision["rejectionCommentIds"] == [pinned["id"]]
    conversation.add_comment(DESIGNER, request_id, AddComment(1, "On it", reply_to=pinned["id"]))  # reworking
    final = {FileField.DESIGNER_FINAL_FILE: upload(stack, DESIGNER, "designer_final", "v2.png")}
    act(stack, DESIGNER, request_id, UploadFinal(final))
    late = AddComment(1, "Also this", 0.1, 0.1)
    refused(ErrorCode.CONFLICT, conversation.add_comment, CUSTOMER, request_id, late)
    refused(ErrorCode.CONFLICT, conversation.resolve_comment, CUSTOMER, request_id, 1, pinned["id"])
    assert (
        conversation.add_comment(CUSTOMER, request_id, AddComment(2, "Better", 0.1, 0.1))["id"] == "0002-0001"
    )
    act(stack, CUSTOMER, request_id, Approve())
    after = AddComment(2, "Too late", 0.2, 0.2)
    refused(ErrorCode.INVALID_TRANSITION, conversation.add_comment, CUSTOMER, request_id, after)


# ---- ratings ----


def test_the_customer_rates_the_design_once_may_change_it_for_a_week_and_the_figures_follow(stack):
    request_id = submitted(stack)
    refused(ErrorCode.INVALID_TRANSITION, act, stack, CUSTOMER, request_id, Rate(5))  # not approved yet
    act(stack, CUSTOMER, request_id, Approve())
    refused(ErrorCode.FORBIDDEN, act, stack, DESIGNER, request_id, Rate(5))
    refused(ErrorCode.FORBIDDEN, act, stack, ADMIN, request_id, Rate(5))
    rated = act(stack, CUSTOMER, request_id, Rate(3, "Nice, but slow"))
    assert (rated["status"], rated["rating"]["stars"], rated["rating"]["comment"]) == (
        "approved",
        3,
        "Nice, but slow",
    )
    stack.clock.advance(days=2)
    act(stack, ADMIN, request_id, Complete("o-1"))
    assert act(stack, CUSTOMER, request_id, Rate(5))["rating"]["stars"] == 5  # changed, still completed
    stack.settle()
    assert notified(stack, Event.REQUEST_RATED) == ["d1"]  # a changed rating is not news
    stack.clock.advance(days=6)
    refused(ErrorCode.CONFLICT, act, stack, CUSTOMER, request_id, Rate(1))
    figures = stack.services.reports.stats(ADMIN)
    assert (figures["averageRating"], figures["satisfactionRate"]) == (5.0, 1.0)
    (load,) = [
        w for w in stack.services.reports.workload(ADMIN, PageRequest()).items if w["designerId"] == "d1"
    ]
    assert (load["averageRating"], load["ratingCount"]) == (5.0, 1)


def test_the_repeat_request_rate_is_the_share_of_customers_who_came_back(stack):
    for customer, count in ((CUSTOMER, 3), (OTHER_CUSTOMER, 1)):
        for _ in range(count):
            stack.services.requests.create(customer, CreateRequest("mug", 1, "Gold"), None)
    assert stack.services.reports.stats(ADMIN)["repeatRequestRate"] == 0.5


def test_a_customers_earlier_requests_are_counted_only_when_the_hours_quota_count_cannot_tell(stack):
    counted = []
    real = stack.store.count_requests
    stack.store.count_requests = lambda *a: counted.append(a) or real(*a)
    for _ in range(4):  # the third and fourth: two already made within the hour
        stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)
    stack.clock.advance(hours=2)
    stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)  # none this hour
    assert len(counted) == 3
    made = [r for r in stack.world.requests.values() if r["customerId"] == CUSTOMER.uid]
    assert sorted((r["firstRequest"], r["secondRequest"]) for r in made) == [(0, 0)] * 3 + [(0, 1), (1, 0)]


def test_messages_and_comments_have_an_hourly_quota(stack):
    from customizations.domain.quotas import Quotas
    from customizations.services.conversation import ConversationService
    from customizations.services.quotas import QuotaGuard

    from tests.support.fakes import FakeUsage

    request_id = submitted(stack)
    guard = QuotaGuard(FakeUsage(stack.world), Quotas.of(10, 10**9, 10, 10, said=2), stack.clock)
    limited = ConversationService(stack.store, stack.talk, stack.services.uploads, guard, stack.clock)
    limited.post_message(CUSTOMER, request_id, PostMessage("One"))
    limited.add_comment(CUSTOMER, request_id, AddComment(1, "Two", 0.5, 0.5))
    error = refused(ErrorCode.RATE_LIMITED, limited.post_message, CUSTOMER, request_id, PostMessage("Three"))
    assert error.headers["Retry-After"]
    limited.post_message(DESIGNER, request_id, PostMessage("Someone else's"))  # each person their own


def test_no_comment_is_pinned_before_there_is_a_design(stack):
    request_id = stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)["id"]
    act(stack, DESIGNER, request_id, Assign())
    early = AddComment(0, "Where is it?", 0.5, 0.5)
    refused(ErrorCode.CONFLICT, stack.services.conversation.add_comment, CUSTOMER, request_id, early)


@pytest.mark.parametrize("text", ["", "   \n\t", "hi\x00", "\x1b[2J cleared", "bell\x07", "c1\x85"])
def test_text_that_is_blank_or_holds_a_control_character_is_refused(text):
    from customizations.api.schemas import CommentBody, MessageBody
    from pydantic import ValidationError

    for model, extra in ((MessageBody, {}), (CommentBody, {"x": 0.5, "y": 0.5})):
        with pytest.raises(ValidationError):
            model.model_validate({"text": text, **extra})
