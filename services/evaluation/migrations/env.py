from sqlmodel import SQLModel

import evaluation.db.tables  # noqa: F401  registers the tables
from evaluation.config import Settings
from servicekit.migrations import run_migrations

run_migrations(SQLModel.metadata, default_url=lambda: Settings().database_url)
