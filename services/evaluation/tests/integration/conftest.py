from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from evaluation.config import Settings
from evaluation.main import create_app
from servicekit.migrations import upgrade

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> Settings:
    settings = Settings(**service_settings, workers=2)
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)
