"""Push notifications through Firebase Cloud Messaging (the services' PushSender), for users who
registered device tokens."""

from __future__ import annotations

import os

from firebase_functions import logger

from . import clients


class NoPush:
    """Sends nothing: the emulator has no FCM, and push can be switched off."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> None:
        """Do nothing."""

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """Do nothing."""


class FcmPush:
    """PushSender on firebase-admin messaging."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> None:
        """One multicast per 500 tokens (FCM's limit)."""
        from firebase_admin import messaging

        for start in range(0, len(tokens), 500):
            message = messaging.MulticastMessage(
                tokens=tokens[start : start + 500],
                notification=messaging.Notification(title=title, body=body),
                data=data,
            )
            sent = messaging.send_each_for_multicast(message, app=clients.admin_app.get())
            failed = [r.exception for r in sent.responses if not r.success]
            logger.info(
                "Push sent",
                successes=sent.success_count,
                failures=sent.failure_count,
                errors=sorted({type(e).__name__ for e in failed if e is not None}),
            )

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """One message to the topic; FCM delivers it to every subscribed device."""
        from firebase_admin import messaging

        message = messaging.Message(
            topic=topic, notification=messaging.Notification(title=title, body=body), data=data
        )
        message_id = messaging.send(message, app=clients.admin_app.get())
        logger.info("Push sent", topic=topic, messageId=message_id)


def configured_sender() -> NoPush | FcmPush:
    """FCM in production; nothing in the emulator or with PUSH_ENABLED=false."""
    if os.environ.get("FUNCTIONS_EMULATOR") == "true" or os.environ.get("PUSH_ENABLED") == "false":
        return NoPush()
    return FcmPush()
