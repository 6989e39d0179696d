"""PostgreSQL unavailable for a while: requests answer 503 (not 500), /ready says so, both recover.

The database is reached through a TCP relay the test cuts and restores, as a network or a
restarting server would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text
from sqlalchemy.engine import make_url

from servicekit.app import create_service_app
from servicekit.runtime import RuntimeDep, ServiceSpec
from servicekit.settings import ServiceSettings
from servicekit.testing.client import app_client
from servicekit.testing.tcprelay import Relay

pytestmark = pytest.mark.integration


class OutageSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OUTAGE_", extra="ignore")
    service_name = "outage"
    default_port = 8190


router = APIRouter()


@router.get("/probe")
async def probe(runtime: RuntimeDep) -> dict[str, int]:
    assert runtime.database is not None
    async with runtime.database.session() as session:
        return {"answer": int((await session.exec(text("SELECT 1"))).one()[0])}  # type: ignore[call-overload]


@pytest.fixture
async def relay(postgres_url: str) -> AsyncIterator[Relay]:
    server = make_url(postgres_url)
    relay = Relay(server.host or "127.0.0.1", server.port or 5432)
    await relay.restore()
    yield relay
    await relay.cut()


@pytest.fixture
async def client(relay: Relay, postgres_url: str) -> AsyncIterator[httpx.AsyncClient]:
    url = make_url(postgres_url).set(host="127.0.0.1", port=relay.port)
    settings = OutageSettings(
        database_url=url.render_as_string(hide_password=False), environment="test"
    )
    app = create_service_app(
        settings, ServiceSpec(title="outage", routers=[router], uses_broker=False)
    )
    async with app_client(app) as http:
        yield http


async def test_requests_answer_503_while_the_database_is_away_and_recover(
    relay: Relay, client: httpx.AsyncClient
) -> None:
    assert (await client.get("/probe")).json() == {"answer": 1}
    assert (await client.get("/ready")).status_code == 200

    await relay.cut()
    during = await client.get("/probe")
    assert during.status_code == 503
    assert during.headers["content-type"].startswith("application/problem+json")
    assert during.json()["code"] == "DATABASE_UNAVAILABLE"
    assert "Retry-After" in during.headers
    ready = await client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"]["status"] == "down"

    await relay.restore()
    assert (await client.get("/probe")).json() == {"answer": 1}
    assert (await client.get("/ready")).status_code == 200
