"""Items stored before the typed models: the migration repairs them, `check` lists the rest."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from content.commands import check_command
from content.config import Settings
from servicekit.migrations import upgrade

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
LEGACY: dict[str, tuple[str, dict[str, Any]]] = {
    "string-hints": (
        "coding",
        {
            "title": "Strings",
            "description": "d",
            "execution": {"mode": "function", "entry_point": "f"},
            "tests": [{"input": [1], "expected_output": 1}],
            "hints": ["first", "second"],
        },
    ),
    "seed-task": (
        "task",
        {
            "title": "Shortener",
            "description": "d",
            "role": "Backend Engineer",
            "difficulty": "beginner",
            "prompts": ["What do you assume?"],
        },
    ),
    "owned-subject": ("subject", {"name": "Algorithms", "professor_id": "prof-1"}),
    "no-tests": (
        "coding",
        {"title": "Unjudgeable", "description": "d", "execution": {"mode": "stdio"}},
    ),
}


def database_file(settings: Settings) -> str:
    return settings.database_url.removeprefix("sqlite+aiosqlite:///")


@pytest.fixture
def legacy_settings(service_settings: dict[str, Any]) -> Settings:
    """A database at revision 0001 holding items in the shapes written before the models."""
    settings = Settings(**service_settings)
    upgrade(MIGRATIONS, settings.database_url, revision="0001")
    with sqlite3.connect(database_file(settings)) as db:
        for item_id, (kind, data) in LEGACY.items():
            db.execute(
                "INSERT INTO catalog_items (id, kind, title, role, data, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
                (item_id, kind, item_id, data.get("role"), json.dumps({**data, "id": item_id})),
            )
    return settings


def stored(settings: Settings) -> dict[str, tuple[dict[str, Any], str | None, str | None]]:
    with sqlite3.connect(database_file(settings)) as db:
        rows = db.execute("SELECT id, data, role, professor_id FROM catalog_items").fetchall()
    return {row[0]: (json.loads(row[1]), row[2], row[3]) for row in rows}


def test_the_migration_repairs_what_the_models_can_read(legacy_settings: Settings) -> None:
    upgrade(MIGRATIONS, legacy_settings.database_url)
    items = stored(legacy_settings)
    hints, _, _ = items["string-hints"]
    assert hints["hints"][1] == {"level": "HEURISTIC_HINT", "text": "second"}
    task, role, _ = items["seed-task"]
    assert (task["role"], role) == ("backend", "backend")
    assert task["prompts"] == {"assumptions": "What do you assume?"}
    assert items["owned-subject"][2] == "prof-1"
    assert items["no-tests"][0] == {**LEGACY["no-tests"][1], "id": "no-tests"}  # left as is


def test_check_lists_the_items_that_still_fail_and_exits_non_zero(
    legacy_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(MIGRATIONS, legacy_settings.database_url)
    with pytest.raises(SystemExit) as exited:
        asyncio.run(check_command(legacy_settings))
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "no-tests (coding):" in out
    assert "string-hints" not in out
    assert "content check: 4 items, 1 not valid" in out


def test_check_passes_on_a_valid_catalogue(
    legacy_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(MIGRATIONS, legacy_settings.database_url)
    with sqlite3.connect(database_file(legacy_settings)) as db:
        db.execute("DELETE FROM catalog_items WHERE id = 'no-tests'")
    asyncio.run(check_command(legacy_settings))
    assert "3 items, 0 not valid" in capsys.readouterr().out
