"""Push notifications through Firebase Cloud Messaging (the services' PushSender), for users who
registered device tokens."""

from __future__ import annotations

import os

from firebase_functions import logger

from . import clients

# What FCM answers for a token that will never work again: the app was removed or the token
# rotated (UnregisteredError), or it is not a token at all / of another project (InvalidArgument,
# SenderIdMismatch). Such tokens are forgotten; any other failure is transient.
DEAD_TOKEN_ERRORS = ("UnregisteredError", "InvalidArgumentError", "SenderIdMismatchError")


class NoPush:
    """Sends nothing: the emulator has no FCM, and push can be switched off."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        """Do nothing; no token is found dead."""
        return []

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """Do nothing."""

    def subscribe(self, tokens: list[str], topic: str) -> None:
        """Do nothing."""

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        """Do nothing."""


class FcmPush:
    """PushSender on firebase-admin messaging."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        """One multicast per 500 tokens (FCM's limit); the tokens FCM reports dead."""
        from firebase_admin import messaging

        dead: list[str] = []
        for start in range(0, len(tokens), 500):
            batch = tokens[start : start + 500]
            message = messaging.MulticastMessage(
                tokens=batch, notification=messaging.Notification(title=title, body=body), data=data
            )
            sent = messaging.send_each_for_multicast(message, app=clients.admin_app.get())
            errors = [
                (token, type(r.exception).__name__)
                for token, r in zip(batch, sent.responses, strict=True)
                if not r.success
            ]
            dead += [token for token, error in errors if error in DEAD_TOKEN_ERRORS]
            logger.info(
                "Push sent",
                successes=sent.success_count,
                failures=sent.failure_count,
                errors=sorted({error for _, error in errors}),
                deadTokens=len([t for t, e in errors if e in DEAD_TOKEN_ERRORS]),
            )
        return dead

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """One message to the topic; FCM delivers it to every subscribed device."""
        from firebase_admin import messaging

        message = messaging.Message(
            topic=topic, notification=messaging.Notification(title=title, body=body), data=data
        )
        message_id = messaging.send(message, app=clients.admin_app.get())
        logger.info("Push sent", topic=topic, messageId=message_id)

    def subscribe(self, tokens: list[str], topic: str) -> None:
        """Subscribe devices to a topic, 1,000 at a time (FCM's limit)."""
        from firebase_admin import messaging

        for start in range(0, len(tokens), 1000):
            result = messaging.subscribe_to_topic(
                tokens[start : start + 1000], topic, app=clients.admin_app.get()
            )
            logger.info(
                "Topic subscribed", topic=topic, successes=result.success_count, failures=result.failure_count
            )

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        """Unsubscribe devices from a topic, 1,000 at a time."""
        from firebase_admin import messaging

        for start in range(0, len(tokens), 1000):
            result = messaging.unsubscribe_from_topic(
                tokens[start : start + 1000], topic, app=clients.admin_app.get()
            )
            logger.info(
                "Topic unsubscribed",
                topic=topic,
                successes=result.success_count,
                failures=result.failure_count,
            )


def configured_sender() -> NoPush | FcmPush:
    """FCM in production; nothing in the emulator or with PUSH_ENABLED=false."""
    if os.environ.get("FUNCTIONS_EMULATOR") == "true" or os.environ.get("PUSH_ENABLED") == "false":
        return NoPush()
    return FcmPush()
