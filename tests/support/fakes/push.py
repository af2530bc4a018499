"""PushSender in memory."""

from __future__ import annotations


class FakePush:
    """PushSender that records what it sent, or fails as told."""

    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[tuple[list[str], str]] = []
        self.topics: list[tuple[str, str]] = []
        self.dead: set[str] = set()  # tokens the push service reports dead
        self.subscribed: dict[str, set[str]] = {}  # topic -> tokens
        self.error = error

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        if self.error is not None:
            raise self.error
        self.sent.append((sorted(tokens), title))
        return [t for t in tokens if t in self.dead]

    def subscribe(self, tokens: list[str], topic: str) -> None:
        self.subscribed.setdefault(topic, set()).update(tokens)

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        self.subscribed.setdefault(topic, set()).difference_update(tokens)

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        if self.error is not None:
            raise self.error
        self.topics.append((topic, title))
