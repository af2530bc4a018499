"""What the services ask of the platform's delivery: timed tasks and pushes."""

from __future__ import annotations

from typing import Protocol

from ...domain.workflow import Due


class TimerQueue(Protocol):
    """Where a timed step waits for its time (Cloud Tasks: a task per step, named by it)."""

    def arm(self, due: Due) -> None:
        """Schedule the step for its time; one already scheduled under its name is fine."""
        ...

    def disarm(self, due: Due) -> None:
        """Call the step off if it is still waiting; one gone (or never there) is fine."""
        ...

    def run_now(self, due: Due, tag: str) -> None:
        """Have the step taken now, as its task would (on demand: a task of its own, `tag` telling
        it apart from the scheduled one)."""
        ...


class PushSender(Protocol):
    """Sends one notification to a set of device tokens, or to every device subscribed to a topic,
    and keeps topics' subscriptions."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        """Deliver, best effort (a dead token must not fail the event); the tokens the push service
        said are no longer valid, to be forgotten."""
        ...

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """Deliver to a topic's subscribers: one call, however many they are."""
        ...

    def subscribe(self, tokens: list[str], topic: str) -> None:
        """Subscribe these devices to a topic."""
        ...

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        """Unsubscribe these devices from a topic."""
        ...
