"""Operators list and re-drive what the pipeline gave up on, over HTTP and from the command line."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from sqlmodel import SQLModel, col, select

from contracts import Envelope, Event
from contracts.coach import FeedbackReady
from contracts.topics import dead_letter
from servicekit.app import create_service_app
from servicekit.cli import main
from servicekit.db import Database, UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.outbox import OutboxMessage, utcnow
from servicekit.runtime import ServiceSpec, Subscription
from servicekit.settings import ServiceSettings
from servicekit.testing.client import app_client
from servicekit.testing.events import EventPublisher
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


class KitSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KIT_", extra="ignore")
    service_name: ClassVar[str] = "kit"
    default_port: ClassVar[int] = 8999


class Handler:
    """Refuses the events it is told to, as a bug in a consumer would."""

    def __init__(self) -> None:
        self.refused: set[str] = set()
        self.handled: list[str] = []

    async def __call__(self, uow: UnitOfWork, event: Event, envelope: Envelope) -> None:
        assert isinstance(event, FeedbackReady)
        if event.feedback_id in self.refused:
            raise PermanentError("refused")
        self.handled.append(event.feedback_id)


def feedback(name: str) -> FeedbackReady:
    return FeedbackReady(feedback_id=name, user_id="u1", target_type="attempt", target_id=name)


async def create_tables(url: str) -> None:
    database = Database(url)
    async with database.engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    await database.dispose()


async def park(url: str, topic: str, name: str) -> int:
    """An outbox row the relay gave up on."""
    database = Database(url)
    envelope = Envelope.wrap(feedback(name), producer="kit")
    row = OutboxMessage(
        event_id=str(envelope.event_id),
        topic=topic,
        key=envelope.key,
        event_type=envelope.event_type,
        envelope=envelope.model_dump(mode="json"),
        attempts=10,
        last_error="RuntimeError: the broker said no",
        dead_lettered_at=utcnow(),
    )
    async with UnitOfWork(database, producer="kit") as uow:
        uow.session.add(row)
        await uow.commit()
    await database.dispose()
    assert row.id is not None
    return row.id


async def published_at(url: str, row_id: int) -> Any:
    database = Database(url)
    async with database.session() as session:
        row = (
            await session.exec(select(OutboxMessage).where(col(OutboxMessage.id) == row_id))
        ).one()
    await database.dispose()
    return row.published_at, row.dead_lettered_at, row.attempts


async def eventually(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (result := await check()):
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)
    return result


@pytest.fixture
def topics(unique_name: str) -> tuple[str, str]:
    """(what the service consumes, what it produces)."""
    return f"in-{unique_name}", f"out-{unique_name}"


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> KitSettings:
    return KitSettings(**service_settings)


def kit_app(settings: ServiceSettings, topics: tuple[str, str], handler: Handler) -> FastAPI:
    consumed, produced = topics
    spec = ServiceSpec(
        title="kit",
        routers=[],
        produces=[produced],
        subscriptions=[Subscription(topic=consumed, handler=handler)],
    )
    return create_service_app(settings, spec)


@pytest.fixture
async def kit(
    settings: KitSettings, topics: tuple[str, str], tokens: TokenFactory
) -> AsyncIterator[tuple[httpx.AsyncClient, Handler]]:
    await create_tables(settings.database_url)
    handler = Handler()
    app = kit_app(settings, topics, handler)
    async with app_client(app) as client:
        tokens.install(app)
        yield client, handler


async def test_only_admins_see_dead_letters(
    kit: tuple[httpx.AsyncClient, Handler], tokens: TokenFactory
) -> None:
    client, _ = kit
    assert (await client.get("/ops/dead-letters")).status_code == 401
    student = await client.get("/ops/dead-letters", headers=tokens.headers(role="student"))
    assert student.status_code == 403
    assert student.headers["content-type"] == "application/problem+json"


async def test_a_parked_row_is_listed_and_re_driven_until_published(
    kit: tuple[httpx.AsyncClient, Handler],
    settings: KitSettings,
    topics: tuple[str, str],
    tokens: TokenFactory,
) -> None:
    client, _ = kit
    admin = tokens.headers(role="admin")
    row_id = await park(settings.database_url, topics[1], "stuck")
    listed = (await client.get("/ops/dead-letters", headers=admin)).json()
    assert [(r["id"], r["attempts"], r["last_error"]) for r in listed["outbox"]] == [
        (row_id, 10, "RuntimeError: the broker said no")
    ]
    metrics = (await client.get("/metrics")).text
    assert "outbox_dead_letters 1.0" in metrics

    redriven = await client.post(f"/ops/dead-letters/outbox/{row_id}/redrive", headers=admin)
    assert redriven.status_code == 200, redriven.text
    assert redriven.json()["dead_lettered_at"] is None

    async def published() -> bool:
        sent, parked, _ = await published_at(settings.database_url, row_id)
        return sent is not None and parked is None

    await eventually(published)
    assert (await client.get("/ops/dead-letters", headers=admin)).json()["outbox"] == []
    again = await client.post(f"/ops/dead-letters/outbox/{row_id}/redrive", headers=admin)
    assert again.status_code == 404


async def test_a_dead_lettered_message_is_listed_and_re_driven_to_its_topic(
    kit: tuple[httpx.AsyncClient, Handler],
    kafka_bootstrap: str,
    topics: tuple[str, str],
    tokens: TokenFactory,
) -> None:
    client, handler = kit
    admin = tokens.headers(role="admin")
    handler.refused.add("poison")
    async with EventPublisher(kafka_bootstrap) as publisher:
        await publisher.send_envelope(Envelope.wrap(feedback("poison"), producer="t"), topics[0])

    async def listed() -> list[dict[str, Any]]:
        body = (await client.get("/ops/dead-letters", headers=admin)).json()
        messages: list[dict[str, Any]] = body["messages"]
        return messages

    [message] = await eventually(listed)
    assert message["dlq_topic"] == dead_letter(topics[0])
    assert message["topic"] == topics[0]
    assert message["reason"].startswith("PermanentError: refused")
    assert handler.handled == []

    handler.refused.clear()  # the bug is fixed: send it again
    address = {k: message[k] for k in ("dlq_topic", "partition", "offset")}
    redriven = await client.post("/ops/dead-letters/messages/redrive", json=address, headers=admin)
    assert redriven.status_code == 200, redriven.text

    async def handled() -> bool:
        return handler.handled == ["poison"]

    await eventually(handled)
    elsewhere = {**address, "dlq_topic": dead_letter("someone-elses-topic")}
    refused = await client.post("/ops/dead-letters/messages/redrive", json=elsewhere, headers=admin)
    assert refused.status_code == 404


def test_the_command_line_lists_and_re_drives_a_parked_row(
    settings: KitSettings,
    topics: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asyncio.run(create_tables(settings.database_url))
    row_id = asyncio.run(park(settings.database_url, topics[1], "stuck"))

    def run(*argv: str) -> list[dict[str, Any]]:
        main(
            create_app=lambda config: kit_app(config, topics, Handler()),
            settings=lambda: settings,
            migrations_dir=None,
            argv=list(argv),
        )
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    assert [row["id"] for row in run("dead-letters", "list")] == [row_id]
    [redriven] = run("dead-letters", "redrive", "--outbox", str(row_id))
    assert redriven["id"] == row_id
    assert asyncio.run(published_at(settings.database_url, row_id)) == (None, None, 0)
    assert run("dead-letters", "list") == []
    with pytest.raises(SystemExit, match="NOT_FOUND"):
        run("dead-letters", "redrive", "--outbox", str(row_id))
