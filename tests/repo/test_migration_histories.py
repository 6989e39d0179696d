"""Each service's Alembic history is one line: parallel work is chained, never left as heads."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

SERVICES = Path(__file__).resolve().parents[2] / "services"
HISTORIES = sorted(p for p in SERVICES.glob("*/migrations") if (p / "versions").is_dir())


@pytest.mark.parametrize("migrations", HISTORIES, ids=lambda p: p.parent.name)
def test_a_service_has_one_migration_head(migrations: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"{migrations.parent.name} has several heads: {heads}"
