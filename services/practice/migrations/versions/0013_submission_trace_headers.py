"""the trace context a submission was queued in, so a re-drive continues its trace

Revision ID: 0013_submission_trace_headers
Revises: 0012_answer_evaluated_at
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_submission_trace_headers"
down_revision: str | None = "0012_answer_evaluated_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("trace_headers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("trace_headers")
