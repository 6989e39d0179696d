"""A circuit breaker: after N failures in a row, stop calling for a cool-down, then try once."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self,
        *,
        failures: int,
        cooldown_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._threshold = failures
        self._cooldown = cooldown_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        """Open while cooling down; after it, half-open: one call may try."""
        return self._opened_at is not None and self._clock() - self._opened_at < self._cooldown

    def allows(self) -> bool:
        return not self.is_open

    def succeeded(self) -> None:
        self._failures, self._opened_at = 0, None

    def failed(self) -> None:
        self._failures += 1
        if self._failures >= self._threshold:
            self._opened_at = self._clock()  # a failed half-open try opens it again
