"""What people write (messages, notes, reasons, names): stored and answered as written, or refused.

Nothing is stripped, trimmed or collapsed: `height < 5 cm` stays that. Each output escapes for its
medium instead (the web app builds text nodes; pushes and mail are plain text). The only characters
refused are those no text needs: the C0 and C1 controls, but for tab, line feed and carriage return
in text of several lines (a name is one line: none there), and lone surrogates, which are not text
and cannot be stored as UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

_REFUSED_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_REFUSED_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BREAKS = re.compile(r"[\t\n\r]")


def checked(value: str, *, one_line: bool = False) -> str:
    """The value as written; ValueError naming the first character it may not hold (pydantic turns
    that into VALIDATION_ERROR with the field's path)."""
    found = (_REFUSED_IN_A_LINE if one_line else _REFUSED_IN_TEXT).search(value)
    if found is not None:
        why = "a name is one line" if found.group() in "\t\n\r" else "control characters are not text"
        raise ValueError(f"must not contain U+{ord(found.group()):04X}: {why}")
    return value


def blank(value: str) -> bool:
    """Whether the text says nothing (empty, or only whitespace): refused where text is required."""
    return not value.strip()


def as_one_line(raw: Any, limit: int) -> str:
    """Text that did not come through the API's checks (a name from a sign-in provider), or text
    quoted inside other words (a notification's body): line breaks and tabs as spaces, the other
    controls left out, at most limit characters; every other character as written."""
    return _REFUSED_IN_A_LINE.sub("", _BREAKS.sub(" ", str(raw)))[:limit]
