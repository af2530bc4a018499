"""The handlers behind the event bus: audit trail, revisions, notifications (and push), counters.

Handlers only stage what an event writes (Effects); `commit` writes it all in one batch with the
occurrence's processed marker (request id + version), so a redelivered event is a no-op and a
failed one left nothing behind. Pushes go out after the commit, to the notifications it created.
None of this writes a request document, so none re-fires the trigger.

A new request is told to every designer at a constant cost: no document per designer (the request
is its own announcement in their inboxes, domain.inbox) and one push to the designers' FCM topic.
An event therefore writes a handful of documents, never more than one batch.
"""

from __future__ import annotations

from firebase_functions import logger

from ..domain import preferences, profiles, retention, statistics
from ..domain.events import VIOLATION, Effects, Occurrence
from ..domain.lifecycle import Event
from ..domain.notices import AUDIENCES, DESIGNERS_TOPIC, MESSAGES, Audience, recipient_ids, render
from .bus import EventBus, Handler
from .ports import FanoutStore, PushSender


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

    def __init__(self, store: FanoutStore, push: PushSender, email: bool = False) -> None:
        self._store = store
        self._push = push
        self._email = email  # queue mail for the Firebase "Trigger Email" extension

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
        title_t, body_t = MESSAGES[event]
        title, body = render(title_t, request), render(body_t, request)
        effects.push_message = (title, body, {"requestId": occurrence.request_id, "type": occurrence.name})
        if Audience.EVERY_DESIGNER in AUDIENCES[event]:
            effects.push_topic = DESIGNERS_TOPIC
        uids = recipient_ids(occurrence)
        found = {p["id"]: p for p in self._store.users(uids)} if uids else {}
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
            if self._email and profile.get("email") and chosen.mails_each(event):
                effects.mail[ids[uid]] = {
                    "to": profile["email"],
                    "message": {"subject": title, "text": body},
                    "expireAt": retention.expire_at(occurrence.at, retention.MAIL),
                }

    def count(self, occurrence: Occurrence, effects: Effects) -> None:
        """Move the counters by what the write changed (violations change none)."""
        if occurrence.event is not None:
            effects.designer_loads = statistics.designer_delta(occurrence.before, occurrence.after)
            after = occurrence.after or {}
            if after.get("designerId") in effects.designer_loads and after.get("designerName"):
                effects.designer_names[str(after["designerId"])] = str(after["designerName"])

    def commit(self, occurrence: Occurrence, effects: Effects) -> None:
        """Write what the handlers staged, once; then push, only if this commit was the one."""
        created = self._store.commit_once(occurrence.request_id, occurrence.key, effects)
        if created is None or effects.push_message is None:
            return
        owners = {
            token: str(effects.notifications[doc_id]["recipientId"])
            for doc_id in created
            for token in effects.push_tokens.get(doc_id, [])
        }
        try:
            dead = self._push.send(list(owners), *effects.push_message) if owners else []
            if effects.push_topic is not None:
                self._push.send_topic(effects.push_topic, *effects.push_message)
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
        table: dict[str, list[Handler[Effects]]] = {event.value: [*common, self.count] for event in Event}
        table[Event.DESIGN_COMPLETED.value] = [self.audit, self.record_submission, self.notify, self.count]
        for decided in (Event.DESIGN_APPROVED, Event.DESIGN_REJECTED):
            table[decided.value] = [self.audit, self.record_decision, self.notify, self.count]
        table[VIOLATION] = [self.audit, self.count]
        return table
