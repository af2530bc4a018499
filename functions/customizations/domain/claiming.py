"""Claim next: which waiting requests a designer tries, in which order, so that designers claiming
at once spread over different requests instead of all trying the oldest one.

Every caller reads the same window (the oldest waiting requests) and tries them in an order of its
own: the requests sorted by a hash of the caller's uid, a salt drawn per call and the request's id
(rendezvous hashing). Two callers then try the same request first with a chance of one in the
window's size, and one who loses a race moves on to a request that the winner is not also trying
next. Conflicts among k concurrent callers over a window of w come to about k / (2w) of the tries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

CLAIM_WINDOW = 200  # the oldest waiting requests a claim reads (one query)
CLAIM_TRIES = 5  # requests one claim tries before answering that others took them


def suitable(request: dict[str, Any], uid: str) -> bool:
    """Whether a waiting request may be offered to this designer: not one they gave back."""
    return uid not in (request.get("releasedBy") or [])


def claim_order(
    requests: Iterable[dict[str, Any]], uid: str, salt: str, most: int = CLAIM_TRIES
) -> list[str]:
    """The ids of the suitable requests this caller tries, in order, at most `most`."""
    ids = [str(r["id"]) for r in requests if suitable(r, uid)]
    ids.sort(key=lambda rid: hashlib.sha256(f"{salt}\n{uid}\n{rid}".encode()).digest())
    return ids[:most]
