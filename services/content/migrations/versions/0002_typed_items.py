"""typed items: a professor_id column for subjects; stored items repaired to their models

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Each stored item is validated with its kind's model in contracts.catalogue, which turns
the shapes the seeds use into the typed ones (plain-string hints into the ladder, "Backend
Engineer" into "backend", a task's list of prompts, "45 mins"). An item that validates is
stored as the model writes it, with its filter columns; one that does not is left as it
is, and `python -m content check` lists it. No event is sent: consumers read stored
shapes through the same models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pydantic import ValidationError

from content.domain.items import filter_columns
from contracts.catalogue import parse_item

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("title", "difficulty", "category", "pattern", "rung", "role", "type", "language")
items = sa.table(
    "catalog_items",
    sa.column("id", sa.String),
    sa.column("kind", sa.String),
    sa.column("data", sa.JSON),
    sa.column("tags", sa.Text),
    sa.column("search_text", sa.Text),
    sa.column("professor_id", sa.String),
    *(sa.column(name) for name in COLUMNS),
)


def upgrade() -> None:
    op.add_column("catalog_items", sa.Column("professor_id", sa.String(length=64)))
    op.create_index("ix_catalog_items_professor_id", "catalog_items", ["professor_id"])
    connection = op.get_bind()
    for row in connection.execute(sa.select(items.c.id, items.c.kind, items.c.data)).all():
        try:
            item = parse_item(row.kind, row.data)
        except (ValidationError, ValueError):
            continue
        connection.execute(
            items.update()
            .where(items.c.id == row.id)
            .values(data=item.model_dump(mode="json"), **filter_columns(item))
        )


def downgrade() -> None:
    op.drop_index("ix_catalog_items_professor_id", table_name="catalog_items")
    op.drop_column("catalog_items", "professor_id")
