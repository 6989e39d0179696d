"""The broker away: the API keeps answering, /ready says `degraded` (200), the outbox holds the
events and publishes them once the broker is back, and /ready says `ready` again."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from sqlmodel import SQLModel

from contracts.topics import COACH_FEEDBACK
from servicekit.app import create_service_app
from servicekit.db import Database
from servicekit.runtime import ServiceSpec
from servicekit.settings import ServiceSettings
from servicekit.testing.client import app_client
from servicekit.testing.feedback import feedback_router
from servicekit.testing.infra import free_port, tansu_broker

pytestmark = pytest.mark.integration


class BlipSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BLIP_", extra="ignore")
    service_name = "blip"
    default_port = 8191


async def until_status(client: httpx.AsyncClient, status: str, within: float = 30) -> dict:
    async with asyncio.timeout(within):
        while True:
            ready = await client.get("/ready")
            assert ready.status_code == 200, ready.text  # never 503 while the database answers
            if ready.json()["status"] == status:
                return dict(ready.json())
            await asyncio.sleep(0.2)


@pytest.fixture
async def app(sqlite_url: str) -> FastAPI:
    database = Database(sqlite_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    await database.dispose()
    return create_service_app(
        BlipSettings(
            database_url=sqlite_url,
            kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
            environment="test",
            outbox_poll_seconds=0.2,
        ),
        ServiceSpec(title="blip", routers=[feedback_router], produces=[COACH_FEEDBACK]),
    )


async def test_a_broker_outage_degrades_readiness_and_the_outbox_catches_up(app: FastAPI) -> None:
    address = app.state.settings.kafka_bootstrap_servers
    port = int(address.rsplit(":", 1)[1])
    with contextlib.ExitStack() as broker:
        broker.enter_context(tansu_broker(port))
        async with app_client(app) as client:
            body = await until_status(client, "ready")
            assert body["checks"]["database"] == {"status": "up", "required": True}
            assert body["checks"]["broker"] == {"status": "up", "required": False}
            relay = app.state.runtime.relay

            broker.close()  # the broker goes away
            body = await until_status(client, "degraded")
            assert body["checks"]["broker"]["status"] == "down"
            assert body["checks"]["broker"]["required"] is False
            assert body["checks"]["database"]["status"] == "up"
            answer = await client.post("/feedback/during")
            assert answer.status_code == 200  # the API keeps answering
            await asyncio.sleep(0.5)
            assert await relay.backlog() == 1  # held in the outbox

            with tansu_broker(port):  # back, empty: the keeper re-creates the topics
                await until_status(client, "ready", within=60)
                async with asyncio.timeout(60):
                    while await relay.backlog():
                        await asyncio.sleep(0.2)
