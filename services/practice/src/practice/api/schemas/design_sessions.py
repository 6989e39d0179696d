"""Bodies of `/design-sessions`: system-design practice sessions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import PublicSystemDesignProblem
from practice.api.schemas.submissions import SubmissionOut
from practice.db.tables import DesignChatMessage, DesignSession

Description = Annotated[str | None, Field(max_length=20_000)]
# Seconds on the problem; a week is far beyond any session and fits every database's integer.
TimeSpent = Annotated[int, Field(ge=0, le=7 * 24 * 3600)]


class StartSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(min_length=1, max_length=120)


class Autosave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    diagram_data: dict[str, Any]
    time_spent: TimeSpent
    description: Description = None

    def diagram_size(self) -> int:
        return len(json.dumps(self.diagram_data, separators=(",", ":")).encode())


class Pause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    time_spent: TimeSpent | None = None


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


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user"] = "user"  # seed 004 sends it; only the learner writes here
    content: str = Field(min_length=1, max_length=4000, pattern=r"\S")

    def size(self) -> int:
        return len(self.content.encode())


class AnswerRecord(BaseModel):
    """How the coach's answer was made."""

    provider: str | None
    model: str | None
    prompt_version: str | None
    latency_ms: float | None
    input_tokens: int | None
    output_tokens: int | None


class ChatMessageOut(BaseModel):
    id: int
    role: str
    content: str
    timestamp: datetime  # seed 004's name
    # On the coach's messages: the requirements it cited and the components it named.
    grounding: dict[str, Any] | None = None
    answer: AnswerRecord | None = None

    @classmethod
    def of(cls, message: DesignChatMessage) -> ChatMessageOut:
        assert message.id is not None, "stored messages have their id"
        coach = message.role == "assistant"
        return cls(
            id=message.id,
            role=message.role,
            content=message.content,
            timestamp=message.created_at,
            grounding=message.grounding,
            answer=AnswerRecord.model_validate(message, from_attributes=True) if coach else None,
        )


class ChatExchangeOut(BaseModel):
    session: DesignSessionOut
    message: ChatMessageOut  # the learner's
    reply: ChatMessageOut  # the coach's


class SessionEnvelope(BaseModel):
    session: DesignSessionOut


class SessionWithProblem(BaseModel):
    session: DesignSessionOut
    problem: PublicSystemDesignProblem
    resumed: bool = False
    # The latest messages, oldest first (GET /design-sessions/{id}/chat pages through them all).
    chat_messages: list[ChatMessageOut] = []
    chat_messages_total: int = 0


class Autosaved(BaseModel):
    session: DesignSessionOut
    saved: bool  # False when the diagram had not changed (only the time was recorded)


class SessionSubmitted(BaseModel):
    session: DesignSessionOut
    submission: SubmissionOut
