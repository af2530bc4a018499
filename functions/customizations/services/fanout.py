"""The handlers behind the event bus: audit trail, revisions, notifications (and push), counters,
and the workflow's follow-ups: overrides accepted, timed steps scheduled and called off,
violations rolled back, waiting requests routed to designers.

Handlers only stage what an event writes (Effects); `commit` writes it all in one batch with the
occurrence's processed marker (request id + version), so a redelivered event is a no-op and a
failed one left nothing behind. Pushes go out after the commit, to the notifications it created.
The follow-ups come last, on every delivery until they succeed, each idempotent: an override is
accepted only while the request holds its marker and its legal copy does not, a step is
scheduled under its own name, a rollback writes only over a request still out of step with its
legal copy, a routing only a request still waiting. Only these write a request document, each
with its legal copy: the trigger they fire again sees the workflow's own write (a restoration,
a new stage, an assignment), and none leads back to them.

A new request is told to every designer at a constant cost: no document per designer (the request
is its own announcement in their inboxes, domain.inbox) and one push to the designers' FCM topic.
An event therefore writes a handful of documents, never more than one batch.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from firebase_functions import logger

from ..domain import integrity, preferences, profiles, retention, statistics, workflow
from ..domain.events import OVERRIDE, RESTORED, UNSETTLED, VIOLATION, Effects, Occurrence
from ..domain.lifecycle import Event, Status
from ..domain.notices import DESIGNERS_TOPIC, Audience, audience, message, recipient_ids, render
from ..domain.records import merged
from ..domain.workflow import DEFAULT_SLA, Sla
from .bus import EventBus, Handler
from .ports import Clock, FanoutStore, PushSender, TimerQueue
from .routing import Router

MAX_ADMINS_TOLD = 50  # admins told of an overdue request, a notification each


def _writes(effects: Effects) -> dict[str, int]:
    """How much an event wrote, for its log line."""
    return {
        "notifications": len(effects.notifications),
        "mail": len(effects.mail),
        "designerLoads": len(effects.designer_loads),
        "writes": len(effects.notifications)
        + len(effects.mail)
        + len(effects.designer_loads)
        + (effects.audit is not None)
        + (effects.revision is not None)
        + 1,
    }


class Fanout:
    """The handlers, bound to their store and push sender."""

    def __init__(  # noqa: PLR0913 - the stores and senders an event reaches, and the workflow's rules
        self,
        store: FanoutStore,
        push: PushSender,
        email: bool = False,
        *,
        sla: Sla = DEFAULT_SLA,
        timers: TimerQueue | None = None,
        router: Router | None = None,
        now: Clock = lambda: datetime.now(UTC),
        unverified_emails: bool = False,
    ) -> None:
        self._store = store
        self._push = push
        self._email = email  # queue mail for the Firebase "Trigger Email" extension
        self._unverified_emails = unverified_emails  # mail to addresses Auth has not verified too
        self._sla = sla
        self._timers = timers  # None: timed steps are not scheduled (a fan-out without the workflow)
        self._router = router
        self._now = now  # when an accepted override's new stage starts

    def audit(self, occurrence: Occurrence, effects: Effects) -> None:
        """Append the occurrence to the request's audit trail."""
        before, after = occurrence.before or {}, occurrence.after or {}
        entry = {
            "event": occurrence.name,
            "fromStatus": before.get("status"),
            "toStatus": after.get("status"),
            "actorId": occurrence.actor_id,
            "at": occurrence.at,
            "version": occurrence.version,
        }
        if occurrence.event is None:
            entry["reason"] = occurrence.reason
            if occurrence.name in (VIOLATION, OVERRIDE):
                # The write as it was made, kept here however it is undone.
                entry["illegal"] = integrity.changed_fields(occurrence.before, occurrence.after)
                entry["rolledBack"] = occurrence.name == VIOLATION and occurrence.after is not None
        effects.audit = entry

    def record_submission(self, occurrence: Occurrence, effects: Effects) -> None:
        """Keep the submitted design as a revision."""
        after = occurrence.after or {}
        effects.revision = (
            int(after.get("designsSubmitted", 1)),
            {
                "designerId": after.get("designerId"),
                "designerFinalFile": after.get("designerFinalFile"),
                "designerPreviewImage": after.get("designerPreviewImage"),
                "designerNotes": after.get("designerNotes"),
                "submittedAt": after.get("completedAt") or occurrence.at,
            },
        )

    def record_decision(self, occurrence: Occurrence, effects: Effects) -> None:
        """Attach the customer's decision (and a rejection's reason and the comments it points at)
        to the revision it judged."""
        after = occurrence.after or {}
        number = int(after.get("designsSubmitted", 1))
        if occurrence.event is Event.DESIGN_REJECTED:
            fields = {
                "rejectionReason": after.get("rejectionReason"),
                "rejectionCommentIds": list(after.get("rejectionCommentIds") or []),
                "rejectedAt": occurrence.at,
            }
        else:
            fields = {"approvedAt": occurrence.at}
        effects.revision = (number, fields)

    def notify(self, occurrence: Occurrence, effects: Effects) -> None:
        """One notification per named recipient, always; a push to their devices and mail (if
        enabled) as their preferences allow; for every designer, a push to their topic (their
        inboxes show the request itself)."""
        if occurrence.event is None:  # violations are only audited and counted (see handlers())
            return
        event, request = occurrence.event, occurrence.after or {}
        told = audience(occurrence)
        title_t, body_t = message(occurrence)
        words = {**request, **workflow.notice_words(request, self._sla)}
        title, body = render(title_t, words), render(body_t, words)
        effects.push_message = (title, body, {"requestId": occurrence.request_id, "type": occurrence.name})
        if Audience.EVERY_DESIGNER in told:
            effects.push_topic = DESIGNERS_TOPIC
        uids = recipient_ids(occurrence)
        known = occurrence.people
        if known is not None and uids <= known.keys():  # read with the legal copy
            found = {uid: profile for uid in uids if (profile := known[uid]) is not None}
        else:
            found = {p["id"]: p for p in self._store.users(uids)} if uids else {}
        if Audience.ADMINS in told:
            found.update({p["id"]: p for p in self._store.admins(MAX_ADMINS_TOLD)})
            uids |= set(found) - uids
        profiles_ = [found.get(uid, {"id": uid}) for uid in sorted(uids)]
        # One id per (event, recipient): a redelivered event finds its notifications already there.
        ids = {profile["id"]: f"{occurrence.key}-{profile['id']}" for profile in profiles_}
        expire = retention.expire_at(occurrence.at, retention.UNREAD_NOTIFICATION)
        for profile in profiles_:
            uid, chosen = profile["id"], preferences.stored(profile)
            effects.notifications[ids[uid]] = {
                "recipientId": uid,
                "type": occurrence.name,
                "requestId": occurrence.request_id,
                "title": title,
                "body": body,
                "createdAt": occurrence.at,
                "readAt": None,
                "version": occurrence.version,
                "expireAt": expire,
            }
            if chosen.allows(preferences.Channel.PUSH, event):
                effects.push_tokens[ids[uid]] = profiles.tokens_of(profile)
            address = profiles.mail_address(profile, self._unverified_emails) if self._email else None
            if address and chosen.mails_each(event):
                effects.mail[ids[uid]] = {
                    "to": address,
                    "message": {"subject": title, "text": body},
                    "expireAt": retention.expire_at(occurrence.at, retention.MAIL),
                }

    def count(self, occurrence: Occurrence, effects: Effects) -> None:
        """Move the counters by what the write changed (violations and restorations change none:
        a violation is undone; an accepted override counts as what it did)."""
        if occurrence.event is not None or occurrence.name == OVERRIDE:
            effects.designer_loads = statistics.designer_delta(occurrence.before, occurrence.after)
            after = occurrence.after or {}
            if after.get("designerId") in effects.designer_loads and after.get("designerName"):
                effects.designer_names[str(after["designerId"])] = str(after["designerName"])

    def accept_override(self, occurrence: Occurrence, effects: Effects) -> None:
        """A write around the API with a fresh admin override marker becomes the legal state, with
        the new stage it starts if it moved the request (its due time and timed steps from now, as
        a transition's); designers' seats follow what it did to their active work."""
        after = {k: v for k, v in (occurrence.after or {}).items() if k != "id"}
        effects.stage_start = self._now()
        effects.legal_state = merged(after, self._restage(occurrence, after, effects.stage_start))
        effects.seat_deltas = statistics.active_delta(occurrence.before, occurrence.after)

    def schedule(self, occurrence: Occurrence, effects: Effects) -> None:
        """Schedule the next timed step of the stage the request is now in, and call off the one
        of the stage it left (a restoration schedules again what its legal state owes)."""
        if self._timers is None or occurrence.name == VIOLATION:
            return
        rid = occurrence.request_id
        now = effects.legal_state if effects.legal_state is not None else occurrence.after
        after = workflow.next_due(rid, now, self._sla)
        before = None if occurrence.name == RESTORED else workflow.next_due(rid, occurrence.before, self._sla)
        if after == before:
            return
        if before is not None and (after is None or after.stage != before.stage):
            effects.disarm.append(before)
        if after is not None:
            effects.arm.append(after)

    def restore(self, occurrence: Occurrence, effects: Effects) -> None:
        """A violation is rolled back to the request's last legal state, and so is a request
        found out of step by a later write (a deletion is not: a request deleted stays deleted)."""
        if occurrence.after is not None:
            effects.rollback = occurrence.at

    def route(self, occurrence: Occurrence, effects: Effects) -> None:
        """With auto-assignment on: a request that starts waiting is routed to a designer, and
        every write that frees a seat drains the queue."""
        if self._router is None or not self._router.enabled:
            return
        after = occurrence.after or {}
        waiting = after.get("status") == Status.PENDING.value
        if occurrence.event in (Event.REQUEST_CREATED, Event.DESIGNER_RELEASED) and waiting:
            effects.route.append(occurrence.request_id)
        if any(delta < 0 for delta in statistics.active_delta(occurrence.before, occurrence.after).values()):
            effects.drain = True

    def commit(self, occurrence: Occurrence, effects: Effects) -> None:
        """Write what the handlers staged, once; then push, only if this commit was the one; then
        the follow-ups, on every delivery (each is idempotent; one failing retries the event)."""
        created = self._store.commit_once(occurrence.request_id, occurrence.key, effects)
        if created is not None and effects.push_message is not None:
            self._push_out(occurrence, effects, created, effects.push_message)
        self._follow_up(occurrence, effects)

    def _follow_up(self, occurrence: Occurrence, effects: Effects) -> None:
        if effects.stage_start is not None and not self._accept(occurrence, effects.stage_start):
            effects.arm = []  # overtaken: the later override arms its own stage (this one's ended)
        if self._timers is not None:
            for due in effects.disarm:
                self._timers.disarm(due)
            for due in effects.arm:
                self._timers.arm(due)
        if effects.rollback is not None:
            restored = self._store.restore(
                occurrence.request_id, effects.rollback, occurrence.key, occurrence.at, occurrence.before
            )
            logger.warn(
                "Violation rolled back" if restored else "Violation already undone", key=occurrence.key
            )
        if self._router is not None:
            for request_id in effects.route:
                self._router.route(request_id)
            if effects.drain:
                self._router.drain()

    def _restage(self, occurrence: Occurrence, current: dict[str, Any], start: datetime) -> dict[str, Any]:
        """What an accepted override's new stage writes on the request; its last event the override
        (so the write is taken for no transition of the table)."""
        changes = workflow.restage(occurrence.before, current, start, self._sla)
        if changes:
            changes["lastEvent"] = {"event": OVERRIDE, "actorId": occurrence.actor_id, "at": start}
        return changes

    def _accept(self, occurrence: Occurrence, start: datetime) -> bool:
        marker = (occurrence.after or {}).get(integrity.OVERRIDE_FIELD)
        accepted = self._store.accept(
            occurrence.request_id, marker, lambda current: self._restage(occurrence, current, start)
        )
        logger.info(
            "Override accepted" if accepted else "Override overtaken by a later one", key=occurrence.key
        )
        return accepted

    def _push_out(
        self,
        occurrence: Occurrence,
        effects: Effects,
        created: list[str],
        said: tuple[str, str, dict[str, str]],
    ) -> None:
        owners = {
            token: str(effects.notifications[doc_id]["recipientId"])
            for doc_id in created
            for token in effects.push_tokens.get(doc_id, [])
        }
        try:
            dead = self._push.send(list(owners), *said) if owners else []
            if effects.push_topic is not None:
                self._push.send_topic(effects.push_topic, *said)
            for uid in sorted({owners[token] for token in dead if token in owners}):
                self._store.forget_tokens(uid, [t for t in dead if owners.get(t) == uid])
        except Exception as exc:  # noqa: BLE001 - the event is committed; a retry would not push again
            logger.error("Push failed", event=occurrence.name, key=occurrence.key, error=repr(exc))

    def bus(self) -> EventBus[Effects]:
        """The event bus running these handlers."""
        return EventBus(self.handlers(), Effects, self.commit, _writes)

    def handlers(self) -> dict[str, list[Handler[Effects]]]:
        """Event -> the handlers that stage its effects."""
        common: list[Handler[Effects]] = [self.audit, self.notify]
        workflow_: list[Handler[Effects]] = [self.schedule, self.route]
        table: dict[str, list[Handler[Effects]]] = {
            event.value: [*common, self.count, *workflow_] for event in Event
        }
        table[Event.DESIGN_COMPLETED.value] = [
            self.audit,
            self.record_submission,
            self.notify,
            self.count,
            *workflow_,
        ]
        for decided in (Event.DESIGN_APPROVED, Event.DESIGN_REJECTED):
            table[decided.value] = [self.audit, self.record_decision, self.notify, self.count, *workflow_]
        for said in (Event.MESSAGE_POSTED, Event.COMMENT_ADDED):
            table[said.value] = [*common, self.count]
        table[VIOLATION] = [self.audit, self.count, self.restore]
        table[OVERRIDE] = [self.audit, self.count, self.accept_override, *workflow_]
        table[RESTORED] = [self.audit, self.schedule]
        table[UNSETTLED] = [self.restore]
        return table
