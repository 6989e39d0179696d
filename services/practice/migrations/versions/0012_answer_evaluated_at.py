"""when an interview answer's answer_evaluated went into the outbox

Revision ID: 0012_answer_evaluated_at
Revises: 0011_interviewer_source
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_answer_evaluated_at"
down_revision: str | None = "0011_interviewer_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "interview_questions",
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=True),
    )
    # Answers kept so far were announced in the same request: the sweeper must not repeat them.
    op.execute(
        "UPDATE interview_questions SET evaluated_at = answered_at WHERE answered_at IS NOT NULL"
    )
    unannounced = sa.text("answered_at IS NOT NULL AND evaluated_at IS NULL")
    op.create_index(
        "ix_interview_questions_unannounced",
        "interview_questions",
        ["answered_at"],
        sqlite_where=unannounced,
        postgresql_where=unannounced,
    )


def downgrade() -> None:
    op.drop_index("ix_interview_questions_unannounced", table_name="interview_questions")
    with op.batch_alter_table("interview_questions") as batch:
        batch.drop_column("evaluated_at")
