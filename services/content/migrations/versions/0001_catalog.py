"""catalogue, outbox and processed events

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "catalog_items",
        sa.Column("id", sa.String(length=120), primary_key=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("difficulty", sa.String(length=30)),
        sa.Column("category", sa.String(length=200)),
        sa.Column("pattern", sa.String(length=40)),
        sa.Column("rung", sa.Integer()),
        sa.Column("role", sa.String(length=40)),
        sa.Column("type", sa.String(length=40)),
        sa.Column("language", sa.String(length=20)),
        sa.Column("tags", sa.Text(), nullable=False, server_default=","),
        sa.Column("search_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.String(length=64)),
        sa.Column("source", sa.String(length=20), nullable=False, server_default="author"),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_catalog_items_kind", "catalog_items", ["kind"])
    op.create_index("ix_catalog_items_kind_title", "catalog_items", ["kind", "title"])
    op.create_table(
        "enrolments",
        sa.Column(
            "subject_id", sa.String(length=120), sa.ForeignKey("catalog_items.id"), primary_key=True
        ),
        sa.Column("user_id", sa.String(length=64), primary_key=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_enrolments_user_id", "enrolments", ["user_id"])


def downgrade() -> None:
    op.drop_table("enrolments")
    op.drop_table("catalog_items")
    drop_messaging_tables()
