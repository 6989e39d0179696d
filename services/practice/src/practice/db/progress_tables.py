"""Practice's tables for progress: drill answers, the activity ledger, and who is who.

Learners, roles and enrolments are read models built from identity's and content's events;
the ledger is practice's own record of completed work, one row per piece of work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from servicekit.outbox import timestamp_field


class DrillAnswer(SQLModel, table=True):
    """A learner's one answer to a drill: a second answer to the same drill is refused."""

    __tablename__ = "drill_answers"
    __table_args__ = (
        Index("ux_drill_answers_user_drill", "user_id", "drill_id", unique=True),
        Index("ix_drill_answers_user_answered", "user_id", "answered_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=64)
    drill_id: str = Field(max_length=120)
    drill_title: str = Field(max_length=300)
    drill_type: str = Field(max_length=40)
    user_answer: str
    is_correct: bool
    answered_at: datetime = timestamp_field()


class Activity(SQLModel, table=True):
    """One piece of evaluated work; the id names its source, so a repeat is the same row."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_user_occurred", "user_id", "occurred_at"),
        Index("ix_activities_occurred", "occurred_at"),
    )

    id: str = Field(primary_key=True, max_length=60)  # "submission:<id>", "drill:<answer id>"
    user_id: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    item_id: str = Field(max_length=120)
    category: str | None = Field(default=None, max_length=80)
    completed: bool
    score: float | None = None  # 0-10 when the work is scored
    occurred_at: datetime = timestamp_field()  # when the learner did it, not when it was judged


class KnownUser(SQLModel, table=True):
    """A user as identity announced them."""

    __tablename__ = "known_users"

    user_id: str = Field(primary_key=True, max_length=64)
    role: str = Field(max_length=20, index=True)
    username: str | None = Field(default=None, max_length=64)
    full_name: str = Field(default="", max_length=200)
    time_zone: str | None = Field(default=None, max_length=64)  # None until identity says


class Enrolment(SQLModel, table=True):
    """A student enrolled in a subject, as content announced it."""

    __tablename__ = "enrolment_views"

    subject_id: str = Field(primary_key=True, max_length=120)
    user_id: str = Field(primary_key=True, max_length=64, index=True)
    enrolled_at: datetime = timestamp_field()
