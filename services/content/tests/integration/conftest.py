from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from content.config import Settings
from content.main import create_app
from servicekit.migrations import upgrade
from servicekit.testing.client import app_client
from servicekit.testing.tokens import TokenFactory

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def settings(
    sqlite_url: str, kafka_bootstrap: str, unique_name: str, session_timeout_ms: int
) -> Settings:
    settings = Settings(
        database_url=sqlite_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        consumer_group=f"content-{unique_name}",
        environment="test",
        kafka_session_timeout_ms=session_timeout_ms,
    )
    upgrade(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
async def client(settings: Settings, tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app_client(app) as client:
        tokens.install(app)
        yield client
