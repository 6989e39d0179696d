"""feedback reuse: submitted code's representation, and which feedback a row reuses

Revision ID: 0004_feedback_reuse
Revises: 0003_coach
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0004_feedback_reuse"
down_revision: str | None = "0003_coach"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "submitted_code",
        sa.Column("submission_id", AutoString(length=36), primary_key=True),
        sa.Column("representation", AutoString(length=200), nullable=True),
    )
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("representation", AutoString(length=200), nullable=True))
        batch.add_column(sa.Column("reused_from", AutoString(length=36), nullable=True))
        batch.create_index("ix_feedback_representation", ["representation"])


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_representation")
        batch.drop_column("reused_from")
        batch.drop_column("representation")
    op.drop_table("submitted_code")
