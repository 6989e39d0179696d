"""The coach's review of a thinking gate (seed 001): warnings beside the deterministic verdict.

The gate is decided by `practice.domain.gate` alone; a model may only add warnings about the
learner's reasoning. The coach is told the problem as the learner sees it, their answer and the
verdict, never the expected pattern or invariant. Any failure answers as if it was not asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from contracts.catalogue import CodingProblem
from practice.domain.gate import GateAnswer, GateValidation, names_pattern

logger = logging.getLogger(__name__)
BUILTIN = "builtin"  # the coach's provider when no model is configured: it adds nothing
MAX_STATEMENT_CHARS = 20_000  # the coach's bound, the catalogue's too


@dataclass(frozen=True)
class GateQuestion:
    title: str
    statement: str
    target_time: str | None
    answer: GateAnswer
    passed: bool
    errors: tuple[str, ...]


@dataclass(frozen=True)
class GateReviewAnswer:
    warnings: tuple[str, ...]
    provider: str | None  # who wrote them: "builtin" or a model's provider


class GateReviewer(Protocol):
    async def review(self, question: GateQuestion, *, token: str) -> GateReviewAnswer:
        """The coach's warnings, asked as the learner; CoachUnavailable when there are none."""
        ...


@dataclass(frozen=True)
class GateAugmentation:
    warnings: tuple[str, ...] = ()
    llm_augmented: bool = False


async def review_gate(
    *,
    reviewer: GateReviewer,
    token: str,
    problem: CodingProblem,
    answer: GateAnswer,
    validation: GateValidation,
) -> GateAugmentation:
    """A model's new warnings, if it added any; nothing when the coach fails or has no model."""
    question = GateQuestion(
        title=problem.title,
        statement=problem.description[:MAX_STATEMENT_CHARS],
        target_time=problem.target_complexity.time if problem.target_complexity else None,
        answer=answer,
        passed=validation.passed,
        errors=validation.errors,
    )
    try:
        reviewed = await reviewer.review(question, token=token)
    except Exception as exc:  # the step is already committed: never fail it for a warning
        logger.warning("gate review skipped, the coach failed: %s", type(exc).__name__)
        return GateAugmentation()
    if reviewed.provider in (None, BUILTIN):
        return GateAugmentation()
    # The coach never knew the answer; this keeps a guess at it from reaching the learner.
    hidden = {problem.pattern, *problem.accepted_patterns} - {None, answer.selected_pattern}
    added = tuple(
        w
        for w in dict.fromkeys(reviewed.warnings)
        if w not in validation.warnings and not any(names_pattern(w, p) for p in hidden if p)
    )
    return GateAugmentation(warnings=added, llm_augmented=bool(added))
