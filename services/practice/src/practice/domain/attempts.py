"""The attempt state machine (seed 001), kept free of I/O."""

from __future__ import annotations

from enum import StrEnum


class AttemptState(StrEnum):
    THINKING_GATE = "THINKING_GATE"
    CODING = "CODING"
    REFLECTION = "REFLECTION"
    SUCCESS_REFLECTION = "SUCCESS_REFLECTION"
    COMPLETED = "COMPLETED"
    ABANDONED = "ABANDONED"


FINISHED = frozenset({AttemptState.COMPLETED, AttemptState.ABANDONED})
# Code may be submitted once the learner is past the start (or chose to skip the gate).
ACCEPTS_CODE = frozenset({AttemptState.THINKING_GATE, AttemptState.CODING, AttemptState.REFLECTION})


def is_active(state: str) -> bool:
    return AttemptState(state) not in FINISHED


def can_submit_code(state: str) -> bool:
    return AttemptState(state) in ACCEPTS_CODE


def after_verdict(state: str, *, accepted: bool) -> AttemptState:
    """Where an attempt goes when one of its submissions is judged."""
    current = AttemptState(state)
    if current in FINISHED or current is AttemptState.SUCCESS_REFLECTION:
        return current
    return AttemptState.SUCCESS_REFLECTION if accepted else AttemptState.CODING
