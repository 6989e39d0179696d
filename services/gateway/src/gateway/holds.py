"""`?wait=` holds bounded per user, so one user's long polls cannot take every connection."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT_SECONDS = 30.0
Query = list[tuple[str, str]]


def wait_seconds(query: Query) -> float:
    """The `?wait=` a request asks for, within the contract's 30 s (0 when none or invalid)."""
    asked = [value for name, value in query if name == "wait"]
    try:
        wait = float(asked[-1]) if asked else 0.0
    except ValueError:
        return 0.0
    return min(max(wait, 0.0), MAX_WAIT_SECONDS) if math.isfinite(wait) else 0.0


class WaitHolds:
    """Counts the held requests of each user in this gateway process."""

    def __init__(self, per_user: int) -> None:
        self._per_user = per_user
        self._held: Counter[str] = Counter()

    @contextmanager
    def admit(self, who: str, query: Query) -> Iterator[Query]:
        """The query to send: as asked, or without its `wait` once `who` holds their share."""
        if wait_seconds(query) <= 0:
            yield query
            return
        if self._held[who] >= self._per_user:
            yield [(name, value) for name, value in query if name != "wait"]
            return
        self._held[who] += 1
        try:
            yield query
        finally:
            self._held[who] -= 1
            if not self._held[who]:
                del self._held[who]
