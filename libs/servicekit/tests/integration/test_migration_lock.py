"""N replicas migrating one fresh PostgreSQL database at once: each run succeeds, once applied."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration

ENV = """\
from sqlalchemy import MetaData

from servicekit.migrations import run_migrations

run_migrations(MetaData(), default_url=lambda: "")
"""
# Slow on purpose: without the lock both runs see an empty database and both create the table.
VERSION = """\
import sqlalchemy as sa
from alembic import op

revision = "0001_widgets"
down_revision = None


def upgrade() -> None:
    op.execute("SELECT pg_sleep(1)")
    op.create_table("widgets", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("widgets")
"""
MIGRATE = "import sys; from pathlib import Path; from servicekit.migrations import upgrade;"
MIGRATE += " upgrade(Path(sys.argv[1]), sys.argv[2])"


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text(ENV)
    (folder / "script.py.mako").write_text("")
    (folder / "versions" / "0001_widgets.py").write_text(textwrap.dedent(VERSION))
    return folder


async def test_concurrent_migrations_of_a_fresh_database_both_succeed_and_apply_once(
    migrations: Path, postgres_url: str
) -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, str(migrations), postgres_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            # pg_locks spans the server: only this test's database says what these runs left.
            locks = await conn.execute(
                text(
                    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database ="
                    " (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
            assert locks.all() == []  # released by both runs
    finally:
        await engine.dispose()
    assert versions == [("0001_widgets",)]
    assert sorted(tables) == ["alembic_version", "widgets"]
