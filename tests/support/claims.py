"""Designers claiming the next request at once, for the emulator test and `make bench`: the answers
tallied as the server counts them (each says how many requests its claim tried and how many of those
tries lost a race)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.support.emulators import Api, User, ok


@dataclass
class ClaimTally:
    """What designers claiming at once got: request id -> the designer told they claimed it, the
    designers refused (with the codes), and the tries and lost races the answers report."""

    claimed: dict[str, str] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)  # requests given twice, or not as claimed
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    attempts: int = 0
    conflicts: int = 0

    @property
    def conflict_ratio(self) -> float:
        """Lost races as a share of the tries."""
        return self.conflicts / self.attempts if self.attempts else 0.0


def warm(designers: list[User]) -> None:
    """Every designer makes a call first, concurrently: the Functions emulator then has a warm
    worker for each, and their claims overlap instead of arriving staggered behind cold starts."""
    with ThreadPoolExecutor(max_workers=len(designers)) as pool:
        list(pool.map(lambda d: ok(Api().get("/customizations/pending?limit=1", d)), designers))


def claim_at_once(designers: list[User]) -> ClaimTally:
    """Every designer calls POST /customizations/pending/claim at the same time."""
    with ThreadPoolExecutor(max_workers=len(designers)) as pool:
        answers = list(pool.map(lambda d: (d.uid, Api().post("/customizations/pending/claim", d)), designers))
    tally = ClaimTally()
    for uid, response in answers:
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200:
            request = body["data"]
            if request["id"] in tally.claimed or (request["designerId"], request["status"]) != (
                uid,
                "in_progress",
            ):
                tally.wrong.append(request["id"])
            tally.claimed[request["id"]] = uid
            tried = request["claim"]
        else:
            # not the API's envelope: the emulator's own answer (a worker that failed to start)
            error = body.get("error") or {"code": f"{response.status_code} {response.text[:120]!r}"}
            tally.refused.append((uid, response.status_code, error["code"]))
            tried = error.get("details") if error["code"] == "CONFLICT" else None
            tried = tried or {"attempts": 0, "conflicts": 0}
        tally.attempts += tried["attempts"]
        tally.conflicts += tried["conflicts"]
    return tally
