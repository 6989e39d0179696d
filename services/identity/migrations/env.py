from sqlmodel import SQLModel

import identity.db.tables  # noqa: F401  registers the tables
from identity.config import Settings
from servicekit.migrations import run_migrations

run_migrations(SQLModel.metadata, default_url=lambda: Settings().database_url)
