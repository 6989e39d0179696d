from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from practice.config import Settings
from practice.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.events import EventPublisher

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> Settings:
    settings = Settings(**service_settings)
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def publisher(kafka_bootstrap: str) -> AsyncIterator[EventPublisher]:
    async with EventPublisher(kafka_bootstrap) as publisher:
        yield publisher
