"""Bug-hunt attempts (seed 001): one answer per attempt, and what a result reveals."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from contracts.catalogue import BugHuntItem
from practice.domain.errors import AlreadyCompleted, InvalidTransition


class BugHuntStatus(StrEnum):
    STARTED = "STARTED"
    SUBMITTED = "SUBMITTED"  # waiting for its evaluation
    COMPLETED = "COMPLETED"


class BugHuntResult(StrEnum):
    CORRECT = "CORRECT"
    PARTIAL = "PARTIAL"
    INCORRECT = "INCORRECT"


def ensure_can_submit(status: str) -> None:
    """An attempt takes one answer; a learner who wants another go starts a new attempt."""
    current = BugHuntStatus(status)
    if current is BugHuntStatus.COMPLETED:
        raise AlreadyCompleted("This attempt is completed: start a new one to try again")
    if current is BugHuntStatus.SUBMITTED:
        raise InvalidTransition("bug-hunt attempt", "submit", "waiting for its evaluation")


def after_evaluation(*, evaluated: bool) -> BugHuntStatus:
    """A scored answer completes the attempt; one that could not be scored may be sent again."""
    return BugHuntStatus.COMPLETED if evaluated else BugHuntStatus.STARTED


def revealed(
    result: BugHuntResult, *, attempt_number: int, item: BugHuntItem | None
) -> tuple[str | None, str | None]:
    """(explanation, hint): the explanation once found, the hint after a first miss only.

    Nothing is revealed when the item has left the catalogue meanwhile.
    """
    if item is None:
        return None, None
    if result in (BugHuntResult.CORRECT, BugHuntResult.PARTIAL):
        return item.explanation or None, None
    if attempt_number == 1:
        return None, item.hint or None
    return None, None


def result_of(feedback: dict[str, Any] | None) -> BugHuntResult:
    """The result evaluation reported; anything unrecognised counts as not found."""
    result = (feedback or {}).get("result")
    known = {r.value for r in BugHuntResult}
    return BugHuntResult(result) if result in known else BugHuntResult.INCORRECT
