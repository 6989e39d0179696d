from sqlmodel import SQLModel

# Every table module, so autogenerate and `alembic check` see the whole schema.
import practice.db.interview_tables
import practice.db.progress_tables
import practice.db.tables  # noqa: F401
from practice.config import Settings
from servicekit.migrations import run_migrations

run_migrations(SQLModel.metadata, default_url=lambda: Settings().database_url)
