"""generation jobs and the cron schedules' leases

Revision ID: 0005_generation_jobs
Revises: 0004_feedback_reuse
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0005_generation_jobs"
down_revision: str | None = "0004_feedback_reuse"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "generation_jobs",
        sa.Column("id", AutoString(length=36), primary_key=True),
        sa.Column("kind", AutoString(length=10), nullable=False),
        sa.Column("trigger", AutoString(length=10), nullable=False),
        sa.Column("requested_by", AutoString(length=64), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", AutoString(length=10), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("message", AutoString(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_generation_jobs_status_deadline", "generation_jobs", ["status", "deadline"])
    op.create_table(
        "cron_schedules",
        sa.Column("name", AutoString(length=60), primary_key=True),
        sa.Column("lease_holder", AutoString(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_job_id", AutoString(length=36), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("cron_schedules")
    op.drop_index("ix_generation_jobs_status_deadline", table_name="generation_jobs")
    op.drop_table("generation_jobs")
