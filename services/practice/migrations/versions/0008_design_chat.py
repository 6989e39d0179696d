"""design-session chat messages

Revision ID: 0008_design_chat
Revises: 0007_response_feedback
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_design_chat"
down_revision: str | None = "0007_response_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "design_chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", String(length=36), nullable=False),
        sa.Column("user_id", String(length=64), nullable=False),
        sa.Column("role", String(length=20), nullable=False),
        sa.Column("content", String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider", String(length=40), nullable=True),
        sa.Column("model", String(length=200), nullable=True),
        sa.Column("prompt_version", String(length=40), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("grounding", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_design_chat_messages_session", "design_chat_messages", ["session_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_design_chat_messages_session", table_name="design_chat_messages")
    op.drop_table("design_chat_messages")
