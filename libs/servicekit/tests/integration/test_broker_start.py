"""No broker at start-up: the service starts and serves (/ready 200, the broker reported down),
a write's event waits in the outbox, and once a broker comes up on that address the event is
published and the broker check turns up, without restarting the app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from sqlmodel import SQLModel, select

from contracts.topics import COACH_FEEDBACK
from servicekit.app import create_service_app
from servicekit.db import Database
from servicekit.outbox import OutboxMessage
from servicekit.runtime import ServiceSpec
from servicekit.settings import ServiceSettings
from servicekit.testing.client import app_client
from servicekit.testing.events import events_for
from servicekit.testing.feedback import feedback_router
from servicekit.testing.infra import free_port, tansu_broker
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


class LateSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LATE_", extra="ignore")
    service_name: ClassVar[str] = "late"
    default_port: ClassVar[int] = 8192


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 60.0) -> Any:
    """Poll `check` until it answers something true, failing after `within` seconds."""
    async with asyncio.timeout(within):
        while not (result := await check()):
            await asyncio.sleep(0.2)
    return result


async def outbox_row(url: str) -> OutboxMessage:
    database = Database(url)
    try:
        async with database.session() as session:
            return (await session.exec(select(OutboxMessage))).one()
    finally:
        await database.dispose()


@pytest.fixture
async def settings(sqlite_url: str) -> LateSettings:
    database = Database(sqlite_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    await database.dispose()
    # Nothing listens on this port until the test starts a broker there.
    return LateSettings(
        database_url=sqlite_url,
        kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
        environment="test",
        outbox_poll_seconds=0.2,
    )


def late_app(settings: LateSettings) -> FastAPI:
    return create_service_app(
        settings, ServiceSpec(title="late", routers=[feedback_router], produces=[COACH_FEEDBACK])
    )


async def readiness(client: httpx.AsyncClient) -> dict[str, Any]:
    ready = await client.get("/ready")
    assert ready.status_code == 200, ready.text  # never 503 while the database answers
    body: dict[str, Any] = ready.json()
    return body


async def test_a_service_starts_and_serves_before_its_broker_and_catches_up(
    settings: LateSettings, tokens: TokenFactory
) -> None:
    address = settings.kafka_bootstrap_servers
    app = late_app(settings)
    async with app_client(app, wait_for_broker=False) as client:
        tokens.install(app)
        assert (await client.get("/health")).status_code == 200
        body = await readiness(client)
        assert body["status"] == "degraded"
        assert body["checks"]["database"] == {"status": "up", "required": True}
        assert body["checks"]["broker"]["status"] == "down"
        assert body["checks"]["broker"]["required"] is False
        assert body["checks"]["topics"]["detail"] == "not connected to the broker yet"

        answer = await client.post("/feedback/early")
        assert answer.status_code == 200, answer.text  # accepted; its event waits

        async def met_the_absent_broker() -> OutboxMessage | None:
            row = await outbox_row(settings.database_url)
            return row if row.last_error else None

        row = await eventually(met_the_absent_broker)
        assert row.last_error.startswith("BrokerUnavailable")
        assert (row.attempts, row.published_at, row.dead_lettered_at) == (0, None, None)

        redrive = await client.post(
            "/ops/dead-letters/messages/redrive",
            headers=tokens.headers(role="admin"),
            json={"dlq_topic": f"{COACH_FEEDBACK}.dlq", "partition": 0, "offset": 0},
        )
        assert redrive.status_code == 503
        assert redrive.headers["content-type"] == "application/problem+json"
        assert redrive.json()["code"] == "BROKER_UNAVAILABLE"

        with tansu_broker(int(address.rsplit(":", 1)[1])):

            async def is_ready() -> bool:
                body = await readiness(client)
                return bool(
                    body["status"] == "ready" and body["checks"]["broker"]["status"] == "up"
                )

            async def published() -> OutboxMessage | None:
                row = await outbox_row(settings.database_url)
                return row if row.published_at is not None else None

            await eventually(is_ready)
            row = await eventually(published)
            assert (row.attempts, row.dead_lettered_at) == (0, None)
            [event] = await events_for(address, COACH_FEEDBACK, row.key)
            assert event["event_id"] == row.event_id


async def test_a_service_stops_promptly_while_still_connecting(
    settings: LateSettings, caplog: pytest.LogCaptureFixture
) -> None:
    app = late_app(settings)
    with caplog.at_level(logging.WARNING, logger="servicekit.app"):
        async with app_client(app, wait_for_broker=False) as client:
            assert (await client.get("/health")).status_code == 200
            assert (await readiness(client))["checks"]["broker"]["status"] == "down"
    # No background task outlived its cancel and no broker stop was waited out (both logged).
    assert "did not stop within" not in caplog.text
    assert app.state.runtime.broker.running is False
