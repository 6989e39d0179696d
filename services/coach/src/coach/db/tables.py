"""Coach's tables: its read model of subjects and enrolments, passages, chats and feedback.

The outbox and processed-events tables come from servicekit. The passages' full-text index
is not a model: an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL
(migrations/versions/0003_coach.py, coach.retrieval).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String
from sqlmodel import Field, SQLModel

import servicekit.inbox
import servicekit.outbox  # noqa: F401  outbox
from servicekit.outbox import timestamp_field


class IndexedItem(SQLModel, table=True):
    """A catalogue item whose passages are indexed, and the solutions the tutor must not give."""

    __tablename__ = "indexed_items"

    id: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=30)
    title: str = Field(max_length=300)
    revision: int = 1
    solutions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Subject(SQLModel, table=True):
    __tablename__ = "subjects"

    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=300)
    professor_id: str | None = Field(default=None, max_length=64, index=True)


class Enrolment(SQLModel, table=True):
    __tablename__ = "tutor_enrolments"

    subject_id: str = Field(primary_key=True, max_length=120)
    user_id: str = Field(primary_key=True, max_length=64, index=True)


class PassageRow(SQLModel, table=True):
    __tablename__ = "passages"

    id: str = Field(primary_key=True, max_length=140)
    source_id: str = Field(max_length=120, index=True)
    subject_id: str | None = Field(default=None, max_length=120, index=True)
    heading: str = Field(max_length=300)
    body: str


class ChatSession(SQLModel, table=True):
    __tablename__ = "chat_sessions"
    __table_args__ = (Index("ix_chat_sessions_user_active", "user_id", "last_active"),)

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    subject_id: str = Field(max_length=120)
    title: str = Field(max_length=120)
    message_count: int = 0
    created_at: datetime = timestamp_field()
    last_active: datetime = timestamp_field()


class ChatMessage(SQLModel, table=True):
    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_user_created", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(
        sa_column=Column(
            String(36),
            ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            index=True,
            nullable=False,
        )
    )
    user_id: str = Field(max_length=64)
    role: str = Field(max_length=10)
    content: str
    refused: bool = False
    # How the assistant's answer was made; empty on the learner's own messages.
    provider: str | None = Field(default=None, max_length=40)
    model: str | None = Field(default=None, max_length=200)
    prompt_version: str | None = Field(default=None, max_length=40)
    latency_ms: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    citations: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = timestamp_field()


class Feedback(SQLModel, table=True):
    """Feedback on one evaluated submission, grounded in its evidence."""

    __tablename__ = "feedback"

    id: str = Field(primary_key=True, max_length=36)
    submission_id: str = Field(max_length=36, unique=True)
    attempt_id: str = Field(max_length=36, index=True)
    user_id: str = Field(max_length=64, index=True)
    evaluation_kind: str = Field(max_length=20)
    type: str = Field(max_length=20)
    content: str
    evidence: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    citations: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    provider: str = Field(max_length=40)
    model: str = Field(max_length=200)
    prompt_version: str = Field(max_length=40)
    latency_ms: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    # The problem and normalised code it was written for, and the feedback it reuses, if any.
    representation: str | None = Field(default=None, max_length=200, index=True)
    reused_from: str | None = Field(default=None, max_length=36)
    created_at: datetime = timestamp_field()


class SubmittedCode(SQLModel, table=True):
    """The normalised form of a code submission, so equivalent ones can share feedback."""

    __tablename__ = "submitted_code"

    submission_id: str = Field(primary_key=True, max_length=36)
    representation: str | None = Field(default=None, max_length=200)


class SocraticTurn(SQLModel, table=True):
    __tablename__ = "socratic_turns"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: str = Field(max_length=36, index=True)
    user_id: str = Field(max_length=64)
    role: str = Field(max_length=10)  # "coach" asks, "learner" answers
    content: str
    created_at: datetime = timestamp_field()


class GenerationJob(SQLModel, table=True):
    """One request to generate items: what was asked, and each item's outcome in content."""

    __tablename__ = "generation_jobs"
    __table_args__ = (Index("ix_generation_jobs_status_deadline", "status", "deadline"),)

    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=10)  # task, drill or daily
    trigger: str = Field(max_length=10)  # manual or schedule
    requested_by: str | None = Field(default=None, max_length=64)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=10)
    # One entry per item: id, kind, title, role, outcome, detail and how it was written.
    items: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    message: str = Field(default="", max_length=300)
    created_at: datetime = timestamp_field()
    deadline: datetime = timestamp_field()  # items content has not answered for by then time out
    finished_at: datetime | None = timestamp_field(optional=True)


class CronSchedule(SQLModel, table=True):
    """A scheduled job's lease and last run, one row per job, shared by every replica."""

    __tablename__ = "cron_schedules"

    name: str = Field(primary_key=True, max_length=60)
    lease_holder: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = timestamp_field(optional=True)
    since: datetime = timestamp_field()  # when the schedule was first recorded
    last_run_at: datetime | None = timestamp_field(optional=True)
    last_job_id: str | None = Field(default=None, max_length=36)
