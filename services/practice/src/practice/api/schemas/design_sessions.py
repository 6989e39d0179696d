"""Bodies of `/design-sessions`: system-design practice sessions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import PublicSystemDesignProblem
from practice.api.schemas.submissions import SubmissionOut
from practice.db.tables import DesignSession

Description = Annotated[str | None, Field(max_length=20_000)]


class StartSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(min_length=1, max_length=120)


class Autosave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    diagram_data: dict[str, Any]
    time_spent: int = Field(ge=0)
    description: Description = None

    def diagram_size(self) -> int:
        return len(json.dumps(self.diagram_data, separators=(",", ":")).encode())


class Pause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    time_spent: int | None = Field(default=None, ge=0)


class SubmitSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Description = None


class DesignSessionOut(BaseModel):
    id: str
    user_id: str
    problem_id: str
    status: str
    diagram_data: dict[str, Any]
    diagram_hash: str
    description: str
    time_spent: int
    submission_id: str | None
    score: float | None
    feedback: dict[str, Any] | None
    started_at: datetime
    last_saved_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    evaluated_at: datetime | None

    @classmethod
    def of(cls, session: DesignSession) -> DesignSessionOut:
        return cls.model_validate(session, from_attributes=True)


class SessionEnvelope(BaseModel):
    session: DesignSessionOut


class SessionWithProblem(BaseModel):
    session: DesignSessionOut
    problem: PublicSystemDesignProblem
    resumed: bool = False


class Autosaved(BaseModel):
    session: DesignSessionOut
    saved: bool  # False when the diagram had not changed (only the time was recorded)


class SessionSubmitted(BaseModel):
    session: DesignSessionOut
    submission: SubmissionOut
