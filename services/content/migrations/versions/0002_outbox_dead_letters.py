"""outbox failure accounting and dead letters

Revision ID: 0002_outbox_dead_letters
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from servicekit.migrations import add_outbox_failure_columns, drop_outbox_failure_columns

# Not a bare number: another branch of work may add its own 0002 on the same parent.
revision: str = "0002_outbox_dead_letters"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_failure_columns()


def downgrade() -> None:
    drop_outbox_failure_columns()
