"""the coach's feedback on a written response and when the learner unlocked it

Revision ID: 0007_response_feedback
Revises: 0006_drills_and_progress
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_response_feedback"
down_revision: str | None = "0006_drills_and_progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("coach_feedback_id", String(length=36), nullable=True))
        batch_op.add_column(sa.Column("coach_feedback", String(), nullable=True))
        batch_op.add_column(sa.Column("coach_feedback_type", String(length=20), nullable=True))
        batch_op.add_column(sa.Column("coach_feedback_source", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("ai_unlocked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("ai_unlocked_at")
        batch_op.drop_column("coach_feedback_source")
        batch_op.drop_column("coach_feedback_type")
        batch_op.drop_column("coach_feedback")
        batch_op.drop_column("coach_feedback_id")
