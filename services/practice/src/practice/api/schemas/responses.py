"""Bodies of `/responses`: written answers to engineering tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from practice.db.tables import Response

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

    @classmethod
    def of(cls, response: Response) -> ResponseOut:
        return cls.model_validate(response, from_attributes=True)


class ResponseEnvelope(BaseModel):
    response: ResponseOut
