"""the coding attempt loop: steps, gate failures, score breakdown, skills

Revision ID: 0005_attempt_loop
Revises: 0004_outbox_dead_letters
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_attempt_loop"
down_revision: str | None = "0004_outbox_dead_letters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gate_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("score_breakdown", sa.JSON(), nullable=True))
    op.create_table(
        "attempt_steps",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("attempt_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attempt_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attempt_steps_attempt_id"), ["attempt_id"], unique=False
        )
    op.create_table(
        "skills",
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("pattern", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("attempts_count", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unlocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "pattern", "rung"),
    )


def downgrade() -> None:
    op.drop_table("skills")
    with op.batch_alter_table("attempt_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempt_steps_attempt_id"))
    op.drop_table("attempt_steps")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("score_breakdown")
        batch_op.drop_column("gate_failures")
