from sqlmodel import SQLModel

import content.db.tables  # noqa: F401  registers the tables
from content.config import Settings
from servicekit.migrations import run_migrations

run_migrations(SQLModel.metadata, default_url=lambda: Settings().database_url)
