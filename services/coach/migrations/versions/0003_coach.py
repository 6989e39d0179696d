"""coach: subjects, enrolments, passages with a full-text index, chats, feedback, Socratic turns

Revision ID: 0003_coach
Revises: 0002_outbox_dead_letters
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0003_coach"
down_revision: str | None = "0002_outbox_dead_letters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> AutoString:
    return AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "indexed_items",
        sa.Column("id", _text(120), primary_key=True),
        sa.Column("kind", _text(30), nullable=False),
        sa.Column("title", _text(300), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("solutions", sa.JSON(), nullable=False),
    )
    op.create_table(
        "subjects",
        sa.Column("id", _text(120), primary_key=True),
        sa.Column("name", _text(300), nullable=False),
        sa.Column("professor_id", _text(64), nullable=True),
    )
    op.create_index("ix_subjects_professor_id", "subjects", ["professor_id"])
    op.create_table(
        "tutor_enrolments",
        sa.Column("subject_id", _text(120), primary_key=True),
        sa.Column("user_id", _text(64), primary_key=True),
    )
    op.create_index("ix_tutor_enrolments_user_id", "tutor_enrolments", ["user_id"])
    op.create_table(
        "passages",
        sa.Column("id", _text(140), primary_key=True),
        sa.Column("source_id", _text(120), nullable=False),
        sa.Column("subject_id", _text(120), nullable=True),
        sa.Column("heading", _text(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_index("ix_passages_source_id", "passages", ["source_id"])
    op.create_index("ix_passages_subject_id", "passages", ["subject_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE passages_fts USING fts5(passage_id UNINDEXED, heading, body)"
        )
    else:
        op.execute(
            "ALTER TABLE passages ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', heading), 'A') || "
            "setweight(to_tsvector('english', body), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_passages_search ON passages USING GIN (search)")
    op.create_table(
        "chat_sessions",
        sa.Column("id", _text(36), primary_key=True),
        sa.Column("user_id", _text(64), nullable=False),
        sa.Column("subject_id", _text(120), nullable=False),
        sa.Column("title", _text(120), nullable=False),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_active", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_chat_sessions_user_active", "chat_sessions", ["user_id", "last_active"])
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.String(36),
            sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", _text(64), nullable=False),
        sa.Column("role", _text(10), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("provider", _text(40), nullable=True),
        sa.Column("model", _text(200), nullable=True),
        sa.Column("prompt_version", _text(40), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_chat_messages_session_id", "chat_messages", ["session_id"])
    op.create_index("ix_chat_messages_user_created", "chat_messages", ["user_id", "created_at"])
    op.create_table(
        "feedback",
        sa.Column("id", _text(36), primary_key=True),
        sa.Column("submission_id", _text(36), nullable=False, unique=True),
        sa.Column("attempt_id", _text(36), nullable=False),
        sa.Column("user_id", _text(64), nullable=False),
        sa.Column("evaluation_kind", _text(20), nullable=False),
        sa.Column("type", _text(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("provider", _text(40), nullable=False),
        sa.Column("model", _text(200), nullable=False),
        sa.Column("prompt_version", _text(40), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_feedback_attempt_id", "feedback", ["attempt_id"])
    op.create_index("ix_feedback_user_id", "feedback", ["user_id"])
    op.create_table(
        "socratic_turns",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("attempt_id", _text(36), nullable=False),
        sa.Column("user_id", _text(64), nullable=False),
        sa.Column("role", _text(10), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_socratic_turns_attempt_id", "socratic_turns", ["attempt_id"])


def downgrade() -> None:
    for table in ("socratic_turns", "feedback", "chat_messages", "chat_sessions"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE passages_fts")
    for table in ("passages", "tutor_enrolments", "subjects", "indexed_items"):
        op.drop_table(table)
