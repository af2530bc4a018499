"""What every port speaks in: the clock and a stored document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

Clock = Callable[[], datetime]
Document = dict[str, Any]
