"""When a written response's AI feedback may be read (seed 000: time-gated after submission).

The learner waits `unlock_after` past submitting, to reflect before reading. Once unlocked,
the coach's feedback is given if it has arrived; if it has not within `wait_after_unlock`
(coach down, evaluation lost), the answer is a terminal "unavailable", never an endless 425.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# How often a client waiting for feedback that is late is asked to come back, at most.
PENDING_RETRY_SECONDS = 5


class FeedbackState(StrEnum):
    LOCKED = "locked"  # too early: the unlock time has not come
    PENDING = "pending"  # unlocked, the coach's feedback is still on its way
    READY = "ready"
    UNAVAILABLE = "unavailable"  # unlocked long enough ago that waiting is pointless


@dataclass(frozen=True)
class GateDecision:
    state: FeedbackState
    unlocks_at: datetime
    retry_after: int = 0  # whole seconds to wait, for LOCKED and PENDING


@dataclass(frozen=True)
class FeedbackGate:
    unlock_after: timedelta
    wait_after_unlock: timedelta

    def decide(self, *, submitted_at: datetime, now: datetime, arrived: bool) -> GateDecision:
        """Where a response submitted at `submitted_at` stands at `now`."""
        unlocks_at = submitted_at + self.unlock_after
        if now < unlocks_at:
            return GateDecision(FeedbackState.LOCKED, unlocks_at, _seconds(unlocks_at - now))
        if arrived:
            return GateDecision(FeedbackState.READY, unlocks_at)
        given_up_at = unlocks_at + self.wait_after_unlock
        if now < given_up_at:
            retry = min(_seconds(given_up_at - now), PENDING_RETRY_SECONDS)
            return GateDecision(FeedbackState.PENDING, unlocks_at, retry)
        return GateDecision(FeedbackState.UNAVAILABLE, unlocks_at)


def _seconds(left: timedelta) -> int:
    """Retry-After in whole seconds, rounded up so a retry never comes too early."""
    return max(1, math.ceil(left.total_seconds()))
