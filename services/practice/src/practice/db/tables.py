"""Practice's tables: its read model of the catalogue, the learner's work, and submissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
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
    gate_failures: int = 0
    score: float | None = None
    score_breakdown: dict[str, float] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    started_at: datetime = timestamp_field()
    completed_at: datetime | None = timestamp_field(optional=True)


class AttemptStep(SQLModel, table=True):
    """One answered step of a coding attempt: a thinking gate, reflection or success reflection."""

    __tablename__ = "attempt_steps"

    id: str = Field(primary_key=True, max_length=36)
    attempt_id: str = Field(max_length=36, index=True)
    type: str = Field(max_length=30)
    result: str = Field(max_length=10)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp_field()


class Skill(SQLModel, table=True):
    """A learner's standing at one pattern and rung, recomputed from completed attempts."""

    __tablename__ = "skills"

    user_id: str = Field(primary_key=True, max_length=64)
    pattern: str = Field(primary_key=True, max_length=40)
    rung: int = Field(primary_key=True)
    score: float = 0.0
    attempts_count: int = 0
    last_attempt_at: datetime = timestamp_field()
    unlocked_at: datetime | None = timestamp_field(optional=True)
    updated_at: datetime = timestamp_field()


class Submission(SQLModel, table=True):
    """Everything sent for evaluation, of every type; `attempt_id` is the owning resource."""

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
    # What the learner sent (non-code types) and its score once evaluated.
    answer: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    score: float | None = None
    score_breakdown: dict[str, float] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    feedback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The event as raised ({event_type, event_version, payload}), raised again on a re-drive.
    outgoing_event: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    redrives: int = 0
    # The W3C trace context of the request that queued it: a re-drive continues that trace.
    trace_headers: dict[str, str] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    created_at: datetime = timestamp_field()
    queued_at: datetime = timestamp_field()  # moves on each re-drive
    evaluated_at: datetime | None = timestamp_field(optional=True)


class Response(SQLModel, table=True):
    """A written answer to an engineering task, scored on five dimensions."""

    __tablename__ = "responses"
    __table_args__ = (Index("ix_responses_user_created", "user_id", "created_at"),)

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    task_id: str = Field(max_length=120)
    assumptions: str
    architecture: str
    trade_offs: str
    failure_scenarios: str
    submission_id: str = Field(max_length=36)
    status: str = Field(max_length=20)
    score: float | None = None
    score_breakdown: dict[str, float] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    feedback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = timestamp_field()
    evaluated_at: datetime | None = timestamp_field(optional=True)
    # The coach's feedback as FeedbackReady brought it; the learner sees it once unlocked.
    coach_feedback_id: str | None = Field(default=None, max_length=36)
    coach_feedback: str | None = None
    coach_feedback_type: str | None = Field(default=None, max_length=20)
    # provider, model, prompt_version and truncated, as the coach recorded them
    coach_feedback_source: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    ai_unlocked_at: datetime | None = timestamp_field(optional=True)


class DesignSession(SQLModel, table=True):
    """A learner's work on a system-design problem, autosaved until submitted or abandoned."""

    __tablename__ = "design_sessions"
    __table_args__ = (
        Index("ix_design_sessions_user_started", "user_id", "started_at"),
        # At most one active or paused session per problem and learner, even under races.
        Index(
            "ux_design_sessions_open",
            "user_id",
            "problem_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'paused')"),
            postgresql_where=text("status IN ('active', 'paused')"),
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    problem_id: str = Field(max_length=120)
    status: str = Field(max_length=20)
    diagram_data: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    diagram_hash: str = Field(max_length=64)
    description: str = ""
    time_spent: int = 0
    submission_id: str | None = Field(default=None, max_length=36)
    score: float | None = None
    feedback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    started_at: datetime = timestamp_field()
    last_saved_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
    ended_at: datetime | None = timestamp_field(optional=True)
    evaluated_at: datetime | None = timestamp_field(optional=True)


class DesignChatMessage(SQLModel, table=True):
    """One message of a design session's chat: the learner's, or the coach's with its record."""

    __tablename__ = "design_chat_messages"
    __table_args__ = (Index("ix_design_chat_messages_session", "session_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)  # the order of the conversation
    session_id: str = Field(max_length=36)
    user_id: str = Field(max_length=64)
    role: str = Field(max_length=20)  # user or assistant
    content: str
    created_at: datetime = timestamp_field()
    # On the coach's messages: how the answer was made, and what it rests on.
    provider: str | None = Field(default=None, max_length=40)
    model: str | None = Field(default=None, max_length=200)
    prompt_version: str | None = Field(default=None, max_length=40)
    latency_ms: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    grounding: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class BugHuntAttempt(SQLModel, table=True):
    """One answer to a bug-hunt item; trying again is a new attempt with the next number."""

    __tablename__ = "bug_hunt_attempts"
    __table_args__ = (Index("ix_bug_hunt_attempts_user_item", "user_id", "item_id"),)

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    item_id: str = Field(max_length=120)
    attempt_number: int = 1
    status: str = Field(max_length=20)
    selected_lines: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    explanation: str | None = None
    submission_id: str | None = Field(default=None, max_length=36)
    result: str | None = Field(default=None, max_length=20)
    score: float | None = None
    validation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Revealed by the result: the item's explanation once found, its hint after a first miss.
    solution_explanation: str | None = None
    hint: str | None = None
    started_at: datetime = timestamp_field()
    submitted_at: datetime | None = timestamp_field(optional=True)
    completed_at: datetime | None = timestamp_field(optional=True)


class DebugLabAttempt(SQLModel, table=True):
    """Triage, test runs and fixes on one debug-lab item."""

    __tablename__ = "debug_lab_attempts"
    __table_args__ = (Index("ix_debug_lab_attempts_user_item", "user_id", "item_id"),)

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    item_id: str = Field(max_length=120)
    status: str = Field(max_length=20)
    triage_answers: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    triage_submission_id: str | None = Field(default=None, max_length=36)
    triage_score: float | None = None
    triage_feedback: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    explanation: str | None = None
    last_submission_id: str | None = Field(default=None, max_length=36)
    execution_result: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    hidden_result: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    test_run_count: int = 0
    submission_count: int = 0
    # Earned: the taxonomy after the triage or a fix is judged, the solution's explanation later.
    taxonomy: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    solution_explanation: str | None = None
    started_at: datetime = timestamp_field()
    completed_at: datetime | None = timestamp_field(optional=True)
