"""who spoke an interview answer's reply: the coach or practice

Revision ID: 0011_interviewer_source
Revises: 0010_interviews
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_interviewer_source"
down_revision: str | None = "0010_interviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "interview_questions",
        sa.Column("interviewer_source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    )
    # Every reply stored so far was practice's own: the coach did not speak in interviews yet.
    op.execute(
        "UPDATE interview_questions SET interviewer_source = 'practice' WHERE answered_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("interview_questions") as batch:
        batch.drop_column("interviewer_source")
