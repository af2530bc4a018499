"""Page cursors: opaque, round-trip times and numbers, and refuse anything not handed out."""

import base64
import json
from datetime import UTC, datetime

import pytest
from customizations.domain.records import decode_cursor, encode_cursor
from customizations.errors import AppError


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 11, 25, 12, 30, 1, 123456, tzinfo=UTC), 0, 7, 2**62, "Ceramic mug", "2026-01-01", ""],
)
def test_a_cursor_round_trips(value):
    assert decode_cursor(encode_cursor(value, "abc")) == (value, "abc")


def forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "",
        forged([2**63, "a"]),
        forged([True, "a"]),
        forged([1.5, "a"]),
        forged(["2026-01-01", "a/b"]),
        forged(["2026-01-01", ""]),
        forged(["not a time", "a"]),
        forged({"a": 1}),
        forged([1, 2, 3]),
        forged([{"s": 1}, "a"]),
        forged([{"s": "a", "t": "b"}, "a"]),
        forged([{"t": "a"}, "a"]),
        forged([{"s": "x" * 1501}, "a"]),
    ],
)
def test_anything_else_is_a_validation_error(cursor):
    with pytest.raises(AppError) as refused:
        decode_cursor(cursor)
    assert refused.value.code.value == "VALIDATION_ERROR"
