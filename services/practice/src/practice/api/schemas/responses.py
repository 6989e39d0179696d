"""Bodies of `/responses`: written answers to engineering tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from practice.db.tables import Response
from practice.domain.feedback_gate import FeedbackState
from practice.services.responses import FeedbackUnlock

Part = Annotated[str, Field(min_length=1, max_length=20_000)]


class SubmitResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    task_id: str = Field(min_length=1, max_length=120)
    assumptions: Part
    architecture: Part
    trade_offs: Part
    failure_scenarios: Part

    def answer(self) -> dict[str, str]:
        return self.model_dump(exclude={"task_id"})

    def size(self) -> int:
        """The answer's UTF-8 bytes: characters alone let emoji make it four times larger."""
        return sum(len(part.encode()) for part in self.answer().values())


class ResponseOut(BaseModel):
    id: str
    user_id: str
    task_id: str
    assumptions: str
    architecture: str
    trade_offs: str
    failure_scenarios: str
    status: str
    score: float | None
    score_breakdown: dict[str, float] | None
    feedback: dict[str, Any] | None
    submission_id: str
    created_at: datetime
    evaluated_at: datetime | None
    ai_feedback: str | None = None  # the coach's, once the learner unlocked it
    ai_unlocked_at: datetime | None

    @classmethod
    def of(cls, response: Response) -> ResponseOut:
        shown = response.coach_feedback if response.ai_unlocked_at is not None else None
        out = cls.model_validate(response, from_attributes=True)
        return out.model_copy(update={"ai_feedback": shown})


class ResponseEnvelope(BaseModel):
    response: ResponseOut


class FeedbackOut(BaseModel):
    """`POST /responses/{id}/feedback` past the gate: the feedback, or that none will come."""

    message: str
    feedback: str | None
    feedback_type: str | None
    feedback_status: Literal["ready", "unavailable"]
    unlocked_at: datetime | None

    @classmethod
    def of(cls, unlock: FeedbackUnlock) -> FeedbackOut:
        response = unlock.response
        if unlock.state is FeedbackState.READY:
            return cls(
                message="AI feedback generated successfully",
                feedback=response.coach_feedback,
                feedback_type=response.coach_feedback_type,
                feedback_status="ready",
                unlocked_at=response.ai_unlocked_at,
            )
        return cls(
            message="AI feedback is unavailable for this response",
            feedback=None,
            feedback_type=None,
            feedback_status="unavailable",
            unlocked_at=None,
        )
