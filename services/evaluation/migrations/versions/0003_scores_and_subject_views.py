"""scores and feedback on runs; subjects and enrolments for professors' access

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evaluation_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("score_breakdown", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("feedback", sa.JSON(), nullable=True))
    op.execute("UPDATE evaluation_runs SET type = 'code' WHERE type = 'coding_tests'")
    op.create_table(
        "subject_views",
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("professor_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("subject_id"),
    )
    op.create_index("ix_subject_views_professor_id", "subject_views", ["professor_id"])
    op.create_table(
        "subject_enrolments",
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("subject_id", "user_id"),
    )
    op.create_index("ix_subject_enrolments_user_id", "subject_enrolments", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_subject_enrolments_user_id", table_name="subject_enrolments")
    op.drop_table("subject_enrolments")
    op.drop_index("ix_subject_views_professor_id", table_name="subject_views")
    op.drop_table("subject_views")
    op.execute("UPDATE evaluation_runs SET type = 'coding_tests' WHERE type = 'code'")
    with op.batch_alter_table("evaluation_runs", schema=None) as batch_op:
        batch_op.drop_column("feedback")
        batch_op.drop_column("score_breakdown")
        batch_op.drop_column("score")
