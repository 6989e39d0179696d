"""Which kind of feedback an evaluation earns (seed 001: hint, explanation, review, guidance)."""

from __future__ import annotations

from coach.domain.evidence import Evidence
from contracts.coach import FeedbackType


def feedback_type(evidence: Evidence) -> FeedbackType:
    """Review passing work, explain an error, hint at a failing test, else guide."""
    if evidence.passed:
        return "review"
    if evidence.error is not None:
        return "explanation"
    if evidence.failing_test is not None:
        return "hint"
    return "guidance"


def same_outcome(first: Evidence, second: Evidence) -> bool:
    """Whether feedback on one run fits another: everything it quotes is the same."""
    return first == second
