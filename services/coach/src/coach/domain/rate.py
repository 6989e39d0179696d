"""A sliding one-minute window over the times a user sent messages."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

WINDOW = timedelta(minutes=1)


def seconds_to_wait(sent: list[datetime], *, now: datetime, limit: int) -> int:
    """0 when another message fits the window, else whole seconds until the oldest leaves it."""
    # SQLite hands timestamps back without their zone; they were written in UTC.
    sent = [t if t.tzinfo is not None else t.replace(tzinfo=UTC) for t in sent]
    recent = [t for t in sent if now - t < WINDOW]
    if len(recent) < limit:
        return 0
    oldest = sorted(recent)[len(recent) - limit]
    return max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
