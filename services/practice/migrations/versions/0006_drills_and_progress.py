"""drill answers, the activity ledger, known users and enrolments

Revision ID: 0006_drills_and_progress
Revises: 0005_attempt_loop
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_drills_and_progress"
down_revision: str | None = "0005_attempt_loop"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "drill_answers",
        sa.Column("id", String(length=36), nullable=False),
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("drill_id", String(length=120), nullable=False),
        sa.Column("drill_title", String(length=300), nullable=False),
        sa.Column("drill_type", String(length=40), nullable=False),
        sa.Column("user_answer", String(), nullable=False),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_drill_answers_user_drill", "drill_answers", ["user_id", "drill_id"], unique=True
    )
    op.create_index("ix_drill_answers_user_answered", "drill_answers", ["user_id", "answered_at"])
    op.create_table(
        "activities",
        sa.Column("id", String(length=60), nullable=False),
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("kind", String(length=20), nullable=False),
        sa.Column("item_id", String(length=120), nullable=False),
        sa.Column("category", String(length=80), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_activities_user_occurred", "activities", ["user_id", "occurred_at"])
    op.create_index("ix_activities_occurred", "activities", ["occurred_at"])
    op.create_table(
        "known_users",
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("role", String(length=20), nullable=False),
        sa.Column("username", String(length=64), nullable=True),
        sa.Column("full_name", String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_known_users_role", "known_users", ["role"])
    op.create_table(
        "enrolment_views",
        sa.Column("subject_id", String(length=120), nullable=False),
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject_id", "user_id"),
    )
    op.create_index("ix_enrolment_views_user_id", "enrolment_views", ["user_id"])


def downgrade() -> None:
    op.drop_table("enrolment_views")
    op.drop_table("known_users")
    op.drop_table("activities")
    op.drop_table("drill_answers")
