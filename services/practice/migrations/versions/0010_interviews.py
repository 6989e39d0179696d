"""mock interviews and their questions

Revision ID: 0010_interviews
Revises: 0009_user_time_zones
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_interviews"
down_revision: str | None = "0009_user_time_zones"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", String(length=36), nullable=False),
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("mode", String(length=20), nullable=False),
        sa.Column("job_type", String(length=100), nullable=False),
        sa.Column("difficulty", String(length=10), nullable=False),
        sa.Column("current_difficulty", String(length=10), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("language", String(length=20), nullable=False),
        sa.Column("include_coding", sa.Boolean(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("interviewer", sa.JSON(), nullable=False),
        sa.Column("coding_challenge_id", String(length=120), nullable=True),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_interviews_user_created", "interviews", ["user_id", "created_at"])
    op.create_index("ix_interviews_status_expires", "interviews", ["status", "expires_at"])
    op.create_table(
        "interview_questions",
        sa.Column("id", String(length=36), nullable=False),
        sa.Column("interview_id", String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", String(length=120), nullable=False),
        sa.Column("kind", String(length=20), nullable=False),
        sa.Column("type", String(length=20), nullable=False),
        sa.Column("category", String(length=200), nullable=False),
        sa.Column("difficulty", String(length=10), nullable=False),
        sa.Column("title", String(length=300), nullable=False),
        sa.Column("text", String(), nullable=False),
        sa.Column("estimated_time", sa.Integer(), nullable=False),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("presented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_id", String(length=36), nullable=True),
        sa.Column("answer_text", String(), nullable=True),
        sa.Column("code_submission", sa.JSON(), nullable=True),
        sa.Column("response_time", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=True),
        sa.Column("reply", sa.JSON(), nullable=True),
        sa.Column("submission_id", String(length=36), nullable=True),
        sa.Column("evaluation", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_interview_questions_position",
        "interview_questions",
        ["interview_id", "position"],
        unique=True,
    )
    op.create_index(
        "ux_interview_questions_question",
        "interview_questions",
        ["interview_id", "question_id"],
        unique=True,
    )
    op.create_index("ix_interview_questions_submission", "interview_questions", ["submission_id"])


def downgrade() -> None:
    op.drop_table("interview_questions")
    op.drop_table("interviews")
