"""Use cases of an attempt's steps: the thinking gate, reflection, success reflection, hints."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from contracts.catalogue.parts import Hint
from practice.db.repositories import AttemptSteps, Submissions
from practice.db.tables import Attempt, AttemptStep
from practice.domain import hints
from practice.domain.attempts import AttemptAction, after
from practice.domain.gate import GateAnswer, check_gate
from practice.domain.scoring import AttemptScore, FailedSubmission, attempt_score
from practice.services.attempts import coding_problem, current_reflection, get_attempt
from practice.services.gate_review import GateAugmentation, GateReviewer, review_gate
from practice.services.skills import refresh_skill
from servicekit.db import UnitOfWork
from servicekit.errors import ValidationFailed
from servicekit.outbox import utcnow

StepResult = Literal["PASS", "FAIL", "SKIP"]


@dataclass(frozen=True)
class SuccessReflection:
    confidence_rating: int | None
    learned_insight: str | None
    improvement_note: str | None
    skipped: bool


@dataclass(frozen=True)
class StepOutcome:
    attempt: Attempt
    step: AttemptStep
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    score: AttemptScore | None = field(default=None)
    llm_augmented: bool = False  # some warnings are a model's

    @property
    def passed(self) -> bool:
        return self.step.result != "FAIL"


def _record(
    uow: UnitOfWork, attempt: Attempt, type_: str, result: StepResult, data: dict[str, Any]
) -> AttemptStep:
    step = AttemptStep(
        id=str(uuid.uuid4()), attempt_id=attempt.id, type=type_, result=result, data=data
    )
    AttemptSteps(uow.session).add(step)
    uow.session.add(attempt)
    return step


async def thinking_gate(
    *,
    uow: UnitOfWork,
    user_id: str,
    attempt_id: str,
    answer: GateAnswer,
    reviewer: GateReviewer | None,
    token: str,
) -> StepOutcome:
    """A passed gate opens CODING; a failed one stays, counted, with errors that teach.

    With a reviewer, the coach is asked after the commit (no transaction held across the call)
    for a model's warnings; they never change the verdict.
    """
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.RETRY_GATE)  # 409 unless in THINKING_GATE
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    validation = check_gate(problem, answer)
    if validation.passed:
        attempt.state = after(attempt.state, AttemptAction.CLEAR_GATE)
    else:
        attempt.gate_failures += 1
    data = {
        "selected_pattern": answer.selected_pattern,
        "stated_invariant": answer.stated_invariant,
        "stated_complexity": answer.stated_complexity,
        "missing_concepts": list(validation.missing_concepts),
    }
    step = _record(uow, attempt, "THINKING_GATE", "PASS" if validation.passed else "FAIL", data)
    await uow.commit()
    added = GateAugmentation()
    if reviewer is not None:
        added = await review_gate(
            reviewer=reviewer, token=token, problem=problem, answer=answer, validation=validation
        )
    warnings = validation.warnings + added.warnings
    return StepOutcome(
        attempt, step, validation.errors, warnings, llm_augmented=added.llm_augmented
    )


async def reflection(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, option_id: str
) -> StepOutcome:
    """Back to CODING; PASS when the learner named the cause the failure points to."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.REFLECT)  # 409 unless in REFLECTION
    offered = await current_reflection(uow=uow, attempt=attempt)
    options = {o.id for o in offered.options} if offered else set()
    if offered is not None and option_id not in options:
        raise ValidationFailed(f"Choose one of the offered options: {', '.join(sorted(options))}")
    correct = offered is None or option_id == offered.expected_option
    attempt.state = after(attempt.state, AttemptAction.REFLECT)
    data = {
        "selected_option_id": option_id,
        "correct": correct,
        "verdict": offered.verdict if offered else None,
    }
    step = _record(uow, attempt, "REFLECTION", "PASS" if correct else "FAIL", data)
    await uow.commit()
    warnings = () if correct else ("Look again at the failing test: what kind of input is it?",)
    return StepOutcome(attempt, step, (), warnings)


async def success_reflection(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, answer: SuccessReflection
) -> StepOutcome:
    """Record the reflection, score the attempt and complete it; the skill follows."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    attempt.state = after(attempt.state, AttemptAction.COMPLETE)
    failures = [
        FailedSubmission(
            s.verdict or "", any(t.get("is_hidden") and not t.get("passed") for t in s.test_results)
        )
        for s in await Submissions(uow.session).judged_code(attempt.id)
        if s.verdict != "accepted"
    ]
    score = attempt_score(
        failed_gates=attempt.gate_failures,
        hints_spent=hints.budget(attempt.hints_used).spent,
        failures=failures,
    )
    attempt.score, attempt.score_breakdown = score.overall, score.breakdown()
    attempt.completed_at = utcnow()
    data = {
        "confidence_rating": answer.confidence_rating,
        "learned_insight": answer.learned_insight,
        "improvement_note": answer.improvement_note,
    }
    step = _record(uow, attempt, "SUCCESS_REFLECTION", "SKIP" if answer.skipped else "PASS", data)
    await refresh_skill(uow=uow, attempt=attempt)
    await uow.commit()
    return StepOutcome(attempt, step, score=score)


@dataclass(frozen=True)
class HintGiven:
    attempt: Attempt
    hint: Hint
    budget: hints.Budget
    is_last_hint: bool


async def take_hint(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> HintGiven:
    """The next level of the ladder, paid from the budget (the patch level only ever here)."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.TAKE_HINT)
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    hint, budget, is_last = hints.next_hint(problem.hints, attempt.hints_used)
    attempt.hints_used = [*attempt.hints_used, hint.level]
    uow.session.add(attempt)
    await uow.commit()
    return HintGiven(attempt, hint, budget, is_last)
