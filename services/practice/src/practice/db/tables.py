"""Practice's tables: its read model of the catalogue, attempts and submissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

import servicekit.inbox
import servicekit.outbox  # noqa: F401  outbox
from servicekit.outbox import timestamp_field


class ContentView(SQLModel, table=True):
    """A catalogue item as content announced it (hidden tests included: never served raw)."""

    __tablename__ = "content_view"

    id: str = Field(primary_key=True, max_length=120)
    content_type: str = Field(max_length=30, index=True)
    kind: str = Field(max_length=30, index=True)
    revision: int = 1
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class Attempt(SQLModel, table=True):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_user_problem", "user_id", "problem_id"),)

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64, index=True)
    problem_id: str = Field(max_length=120)
    pattern: str | None = Field(default=None, max_length=40)
    rung: int | None = None
    state: str = Field(max_length=30)
    hints_used: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    code_submissions: int = 0
    score: float | None = None
    started_at: datetime = timestamp_field()
    completed_at: datetime | None = timestamp_field(optional=True)


class Submission(SQLModel, table=True):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_user_created", "user_id", "created_at"),
        Index("ix_submissions_status_queued", "status", "queued_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    attempt_id: str = Field(max_length=36, index=True)
    user_id: str = Field(max_length=64)
    problem_id: str = Field(max_length=120)
    type: str = Field(default="code", max_length=20)
    language: str = Field(max_length=20)
    code: str
    status: str = Field(max_length=20)
    verdict: str | None = Field(default=None, max_length=40)
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    test_results: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    explanation: str | None = None
    evaluation_id: str | None = Field(default=None, max_length=36)
    redrives: int = 0
    created_at: datetime = timestamp_field()
    queued_at: datetime = timestamp_field()  # moves on each re-drive
    evaluated_at: datetime | None = timestamp_field(optional=True)
