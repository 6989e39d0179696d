"""Evaluation's tables: runs, their per-test results, and who teaches whom (for access)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

import servicekit.inbox
import servicekit.outbox  # noqa: F401  outbox
from servicekit.outbox import timestamp_field


class EvaluationRun(SQLModel, table=True):
    __tablename__ = "evaluation_runs"
    __table_args__ = (Index("ix_evaluation_runs_status_created", "status", "created_at"),)

    id: str = Field(primary_key=True, max_length=36)
    submission_id: str = Field(max_length=36, unique=True)  # one run per submission: idempotency
    attempt_id: str = Field(max_length=36)
    user_id: str = Field(max_length=64, index=True)
    type: str = Field(default="code", max_length=30)  # code, written, design, ... (EvaluationKind)
    language: str = Field(max_length=20)
    code: str
    spec: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=20)
    verdict: str | None = Field(default=None, max_length=40)
    tests_passed: int = 0
    tests_total: int = 0
    explanation: str | None = None
    compile_output: str | None = None
    duration_ms: float = 0.0
    memory_kb: int | None = None
    score: float | None = None
    score_breakdown: dict[str, float] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    feedback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = timestamp_field()
    started_at: datetime | None = timestamp_field(optional=True)
    completed_at: datetime | None = timestamp_field(optional=True)
    # Leases: the replica judging a running run renews it; a lapsed lease frees the run.
    attempts: int = 0
    owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = timestamp_field(optional=True)
    # W3C traceparent/tracestate of the span that queued it: the judge runs inside that trace
    # however late (a sweep, a restart), and the result event's outbox row carries it on.
    trace_headers: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )


class EvaluationTestResult(SQLModel, table=True):
    __tablename__ = "evaluation_test_results"

    run_id: str = Field(primary_key=True, foreign_key="evaluation_runs.id", max_length=36)
    test_index: int = Field(primary_key=True)
    is_hidden: bool = False
    passed: bool
    verdict: str = Field(max_length=40)
    input: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    expected: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    actual: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    stdout: str = ""
    stderr: str = ""
    duration_ms: float = 0.0
    memory_kb: int | None = None
    error: str | None = None


class SubjectView(SQLModel, table=True):
    """A subject and its professor, as content announced them."""

    __tablename__ = "subject_views"

    subject_id: str = Field(primary_key=True, max_length=120)
    professor_id: str | None = Field(default=None, max_length=64, index=True)


class SubjectEnrolment(SQLModel, table=True):
    """A student of a subject: that subject's professor may read the student's runs."""

    __tablename__ = "subject_enrolments"

    subject_id: str = Field(primary_key=True, max_length=120)
    user_id: str = Field(primary_key=True, max_length=64, index=True)
