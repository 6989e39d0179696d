"""Practice's tables for mock interviews: the interview and each question put in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from servicekit.outbox import timestamp_field

UNANNOUNCED = "answered_at IS NOT NULL AND evaluated_at IS NULL"


class Interview(SQLModel, table=True):
    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_user_created", "user_id", "created_at"),
        Index("ix_interviews_status_expires", "status", "expires_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    mode: str = Field(max_length=20)
    job_type: str = Field(max_length=100)
    difficulty: str = Field(max_length=10)  # as asked for
    current_difficulty: str = Field(max_length=10)  # as adapted to the answers so far
    duration: int  # minutes
    language: str = Field(max_length=20)
    include_coding: bool = False
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=20)
    question_count: int
    interviewer: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    coding_challenge_id: str | None = Field(default=None, max_length=120)
    last_sequence: int = 0  # of its InterviewEvents, numbered from 1
    overall_score: float | None = None
    report: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = timestamp_field()
    started_at: datetime | None = timestamp_field(optional=True)
    expires_at: datetime = timestamp_field()
    completed_at: datetime | None = timestamp_field(optional=True)


class InterviewQuestion(SQLModel, table=True):
    """A question as it was put (a copy: the catalogue may change), and its answer."""

    __tablename__ = "interview_questions"
    __table_args__ = (
        Index("ux_interview_questions_position", "interview_id", "position", unique=True),
        Index("ux_interview_questions_question", "interview_id", "question_id", unique=True),
        Index("ix_interview_questions_submission", "submission_id"),
        # The sweeper's look for answers never announced: a handful among all answers.
        Index(
            "ix_interview_questions_unannounced",
            "answered_at",
            sqlite_where=text(UNANNOUNCED),
            postgresql_where=text(UNANNOUNCED),
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    interview_id: str = Field(max_length=36)
    position: int  # 1-based, the order it was asked in
    question_id: str = Field(max_length=120)
    kind: str = Field(max_length=20)  # question or coding_challenge
    type: str = Field(max_length=20)
    category: str = Field(max_length=200)
    difficulty: str = Field(max_length=10)
    title: str = Field(max_length=300)
    text: str
    estimated_time: int  # minutes
    status: str = Field(max_length=20)
    presented_at: datetime = timestamp_field()
    answer_id: str | None = Field(default=None, max_length=36)
    answer_text: str | None = None
    code_submission: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    response_time: int | None = None  # seconds, as the client measured it
    answered_at: datetime | None = timestamp_field(optional=True)
    scores: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reply: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    interviewer_source: str | None = Field(default=None, max_length=10)  # coach or practice
    # When the answer's answer_evaluated went into the outbox: empty while the coach speaks,
    # and after a crash between the answer's two transactions (the sweeper then sends it).
    evaluated_at: datetime | None = timestamp_field(optional=True)
    submission_id: str | None = Field(default=None, max_length=36)
    # The coding challenge's verdict once evaluation judged its code.
    evaluation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
