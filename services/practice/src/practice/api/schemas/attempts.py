"""Bodies of `/attempts`: coding attempts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.catalogue.items import PublicCodingProblem
from contracts.catalogue.vocabulary import HINT_COSTS, Pattern
from practice.db.tables import Attempt, AttemptStep
from practice.domain.challenge import Challenge
from practice.domain.reflection import Reflection
from practice.services.steps import HintGiven, StepOutcome


class StartAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(min_length=1, max_length=120)


class SubmitCode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1)
    language: Literal["python", "javascript", "typescript"]


class AttemptOut(BaseModel):
    id: str
    user_id: str
    problem_id: str
    pattern: str | None
    rung: int | None
    state: str
    hints_used: list[str]
    code_submissions: int
    gate_failures: int
    score: float | None
    score_breakdown: dict[str, float] | None
    started_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptOut:
        return cls.model_validate(attempt, from_attributes=True)


class ThinkingGateStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_type: Literal["THINKING_GATE"]
    selected_pattern: Pattern
    stated_invariant: str = Field(min_length=1, max_length=2000)
    stated_complexity: str | None = Field(default=None, max_length=60)


class ReflectionStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_type: Literal["REFLECTION"]
    selected_option_id: str = Field(min_length=1, max_length=40)


class SuccessReflectionStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_type: Literal["SUCCESS_REFLECTION"]
    confidence_rating: int | None = Field(default=None, ge=1, le=5)
    learned_insight: str | None = Field(default=None, max_length=2000)
    improvement_note: str | None = Field(default=None, max_length=2000)
    skipped: bool = False

    @model_validator(mode="after")
    def _answered_unless_skipped(self) -> Self:
        if not self.skipped and (self.confidence_rating is None or not self.learned_insight):
            raise ValueError("confidence_rating and learned_insight are required unless skipped")
        return self


StepBody = Annotated[
    ThinkingGateStep | ReflectionStep | SuccessReflectionStep, Field(discriminator="step_type")
]


class StepOut(BaseModel):
    id: str
    type: str
    result: Literal["PASS", "FAIL", "SKIP"]
    data: dict[str, Any]


class Validation(BaseModel):
    passed: bool
    errors: list[str]
    warnings: list[str]
    llm_augmented: bool = False  # a model's warnings were added (the verdict is never its)


class ScoreOut(BaseModel):
    overall: float
    pattern_recognition: float
    implementation: float
    edge_cases: float
    efficiency: float


class StepAnswer(BaseModel):
    attempt: AttemptOut
    step: StepOut
    passed: bool
    validation: Validation
    score: ScoreOut | None = None

    @classmethod
    def of(cls, outcome: StepOutcome) -> StepAnswer:
        step = outcome.step
        return cls(
            attempt=AttemptOut.of(outcome.attempt),
            step=StepOut(id=step.id, type=step.type, result=step.result, data=step.data),  # type: ignore[arg-type]
            passed=outcome.passed,
            validation=Validation(
                passed=outcome.passed,
                errors=list(outcome.errors),
                warnings=list(outcome.warnings),
                llm_augmented=outcome.llm_augmented,
            ),
            score=ScoreOut(**outcome.score.breakdown()) if outcome.score else None,
        )


class HintOut(BaseModel):
    level: str
    text: str
    cost: int


class BudgetOut(BaseModel):
    spent: int
    remaining: int
    total: int
    exhausted: bool


class HintAnswer(BaseModel):
    attempt: AttemptOut
    hint: HintOut
    budget: BudgetOut
    is_last_hint: bool

    @classmethod
    def of(cls, given: HintGiven) -> HintAnswer:
        return cls(
            attempt=AttemptOut.of(given.attempt),
            hint=HintOut(
                level=given.hint.level, text=given.hint.text, cost=HINT_COSTS[given.hint.level]
            ),
            budget=BudgetOut(**asdict(given.budget)),
            is_last_hint=given.is_last_hint,
        )


class ReflectionOptionOut(BaseModel):
    id: str
    text: str


class ReflectionOut(BaseModel):
    """What the learner reflects on: the failure as they saw it, and the options."""

    verdict: str
    failing_test: dict[str, Any] | None
    options: list[ReflectionOptionOut]

    @classmethod
    def of(cls, reflection: Reflection) -> ReflectionOut:
        return cls(
            verdict=reflection.verdict,
            failing_test=dict(reflection.failing_test) if reflection.failing_test else None,
            options=[ReflectionOptionOut(id=o.id, text=o.text) for o in reflection.options],
        )


class AttemptWithProblem(BaseModel):
    attempt: AttemptOut
    problem: PublicCodingProblem
    resumed: bool = False
    reflection: ReflectionOut | None = None  # in REFLECTION: the failure and the options


class AdversaryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_id: str = Field(min_length=1, max_length=36)
    response: str | None = Field(default=None, min_length=1, max_length=4000)
    skip: bool = False

    @model_validator(mode="after")
    def _answered_or_skipped(self) -> Self:
        if self.skip == (self.response is not None):
            raise ValueError("send either a response or skip: true")
        return self


class AdversaryOut(BaseModel):
    step_id: str
    prompt: str
    user_response: str | None
    skipped: bool
    completed: bool

    @classmethod
    def of(cls, step: AttemptStep) -> AdversaryOut:
        return cls(step_id=step.id, **step.data)


class AdversaryChallenge(BaseModel):
    challenge: AdversaryOut


class AdversaryAnswered(BaseModel):
    success: bool = True
    challenge: AdversaryOut


class PatternCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    selected_pattern: Pattern
    stated_invariant: str = Field(min_length=1, max_length=2000)


class ChallengeOut(BaseModel):
    step_id: str
    mode: Literal["COUNTEREXAMPLE", "SOCRATIC"]
    prompt: str
    counterexample: str | None
    confidence_score: float
    reasons: list[str]
    suggested_alternatives: list[str]


class PatternCheckAnswer(BaseModel):
    should_challenge: bool
    challenge: ChallengeOut | None

    @classmethod
    def of(cls, challenge: Challenge, step: AttemptStep | None) -> PatternCheckAnswer:
        if step is None:
            return cls(should_challenge=False, challenge=None)
        return cls(
            should_challenge=True,
            challenge=ChallengeOut(
                step_id=step.id,
                mode=challenge.mode,  # type: ignore[arg-type]
                prompt=challenge.prompt,
                counterexample=challenge.counterexample,
                confidence_score=challenge.confidence_score,
                reasons=list(challenge.reasons),
                suggested_alternatives=list(challenge.suggested_alternatives),
            ),
        )


class ChallengeResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_id: str = Field(min_length=1, max_length=36)
    response: str = Field(min_length=1, max_length=4000)
    decision: Literal["KEEP_PATTERN", "CHANGE_PATTERN"]
    new_pattern: Pattern | None = None

    @model_validator(mode="after")
    def _new_pattern_when_changed(self) -> Self:
        if (self.decision == "CHANGE_PATTERN") != (self.new_pattern is not None):
            raise ValueError("new_pattern is given exactly when the decision is CHANGE_PATTERN")
        return self


class ChallengeSkip(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_id: str = Field(min_length=1, max_length=36)


class ChallengeStepAnswer(BaseModel):
    attempt: AttemptOut
    step: StepOut

    @classmethod
    def of(cls, attempt: Attempt, step: AttemptStep) -> ChallengeStepAnswer:
        return cls(
            attempt=AttemptOut.of(attempt),
            step=StepOut(id=step.id, type=step.type, result=step.result, data=step.data),  # type: ignore[arg-type]
        )


class DiscoveryStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: Literal["HEURISTIC", "SOCRATIC"] = "HEURISTIC"


class DiscoveryStarted(BaseModel):
    step_id: str
    mode: str
    question: str
    question_id: str

    @classmethod
    def of(cls, step: AttemptStep) -> DiscoveryStarted:
        data = step.data
        return cls(
            step_id=step.id,
            mode=data["mode"],
            question=data["question"],
            question_id=data["question_id"],
        )


class DiscoveryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_id: str = Field(min_length=1, max_length=36)
    question_id: str = Field(min_length=1, max_length=40)
    answer: str = Field(min_length=1, max_length=2000)


class QaEntry(BaseModel):
    question_id: str
    question: str
    answer: str
    timestamp: datetime


class DiscoveryProgress(BaseModel):
    next_question: str | None
    next_question_id: str | None
    discovered_pattern: str | None
    completed: bool
    qa_log: list[QaEntry]

    @classmethod
    def of(cls, step: AttemptStep) -> DiscoveryProgress:
        data = step.data
        return cls(
            next_question=data["question"],
            next_question_id=data["question_id"],
            discovered_pattern=data["discovered_pattern"],
            completed=step.result != "PENDING",
            qa_log=[QaEntry.model_validate(e) for e in data["qa_log"]],
        )


class DiscoveryAbandon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step_id: str = Field(min_length=1, max_length=36)


class Success(BaseModel):
    success: bool = True
