"""The gateway's kept-alive connections to real upstreams: errors, drops, long polls."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import ClassVar

import httpx
import pytest
import uvicorn
from fastapi import APIRouter, FastAPI, Request

from gateway.config import Settings
from gateway.main import create_app
from servicekit.app import create_service_app
from servicekit.auth import KeyProvider
from servicekit.logging import JsonFormatter
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings
from servicekit.testing.client import app_client
from servicekit.testing.infra import free_port, wait_for_port
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


class EchoSettings(ServiceSettings):
    service_name: ClassVar[str] = "echo"
    default_port: ClassVar[int] = 0


def echo_service(release: threading.Event) -> FastAPI:
    """A service assembled like ours: a route that fails, one that tells its caller's port."""
    router = APIRouter(prefix="/api/v1/attempts")
    tokens = TokenFactory()

    @router.get("/port")
    async def port(request: Request) -> dict[str, object]:
        assert request.client is not None
        return {"port": request.client.port, "query": dict(request.query_params)}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug in a route")

    @router.get("/held")
    async def held(request: Request) -> dict[str, object]:
        if "wait" in request.query_params:
            await asyncio.to_thread(release.wait, 30)
        return {"query": dict(request.query_params)}

    async def keys(_: Runtime) -> KeyProvider:
        return tokens

    return create_service_app(
        EchoSettings(environment="test"),
        ServiceSpec(
            title="echo",
            routers=[router],
            uses_database=False,
            uses_broker=False,
            local_keys=keys,
        ),
    )


@pytest.fixture(scope="module")
def release() -> threading.Event:
    return threading.Event()


@pytest.fixture(scope="module")
def service(release: threading.Event) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        # As `serve` runs it: the caller's own port, not one taken from X-Forwarded-For.
        uvicorn.Config(
            echo_service(release),
            host="127.0.0.1",
            port=port,
            log_config=None,
            proxy_headers=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
    release.set()
    server.should_exit = True
    thread.join(5)


def gateway_settings(upstream: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "content_url": upstream,
        "practice_url": upstream,
        "request_timeout_seconds": 10.0,
        "connect_timeout_seconds": 5.0,
        "environment": "test",
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture
async def one_connection(service: str) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway with a single connection to the service: every request reuses it."""
    settings = gateway_settings(service, max_connections=1, max_connections_per_upstream=1)
    async with app_client(create_app(settings)) as client:
        yield client


async def test_an_unhandled_error_is_answered_and_the_connection_kept(
    one_connection: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = one_connection
    caplog.handler.setFormatter(JsonFormatter("echo"))  # formatted as logged: the request id
    before = (await client.get("/api/v1/attempts/port")).json()["port"]
    failed = await client.get("/api/v1/attempts/boom", headers={"X-Request-ID": "req-boom"})
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.json()["code"] == "INTERNAL_ERROR"
    assert "Traceback" not in failed.text
    after = await client.get("/api/v1/attempts/port")
    assert after.status_code == 200
    assert after.json()["port"] == before  # the same connection, not a new one
    logged = [json.loads(line) for line in caplog.text.splitlines() if line.startswith("{")]
    errors = [e for e in logged if e["msg"].startswith("unhandled error")]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "req-boom"
    assert "a bug in a route" in errors[0]["exc"]


async def test_one_users_held_waits_leave_room_for_everyone_else(
    service: str, release: threading.Event
) -> None:
    settings = gateway_settings(
        service, max_connections=3, max_connections_per_upstream=3, max_waits_per_user=2
    )
    tokens = TokenFactory()
    app = create_app(settings)
    async with app_client(app) as client:
        tokens.install(app)
        holder, other = tokens.headers(uuid.uuid4().hex), tokens.headers(uuid.uuid4().hex)
        held = [
            asyncio.create_task(client.get("/api/v1/attempts/held?wait=30", headers=holder))
            for _ in range(6)
        ]
        done: set[asyncio.Task[httpx.Response]] = set()
        pending = set(held)
        try:
            while len(done) < 4:  # the four beyond the share come back without the hold
                more, pending = await asyncio.wait(
                    pending, timeout=20, return_when="FIRST_COMPLETED"
                )
                assert more, "requests beyond the share were held"
                done |= more
            assert len(pending) == 2
            assert all(t.result().json()["query"] == {} for t in done)
            answer = await client.get("/api/v1/attempts/port", headers=other)
            assert answer.status_code == 200
        finally:
            release.set()
            answers = await asyncio.gather(*pending)
        assert [a.json()["query"] for a in answers] == [{"wait": "30"}] * 2


# A behaviour reads (part of) one request and says its method and whether to answer it.
Behaviour = Callable[[asyncio.StreamReader, int], Awaitable[tuple[str, bool]]]


class RawUpstream:
    """An HTTP/1.1 server by hand, to drop connections exactly when a test needs it."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.answered: list[str] = []
        self.dropped: list[str] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        number = 0
        try:
            while True:
                number += 1
                method, answer = await self.behaviour(reader, number)
                if not answer:
                    self.dropped.append(method)
                    return
                self.answered.append(method)
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: 2\r\n\r\n{}"
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return  # the client closed the connection
        finally:
            writer.close()


async def read_method(reader: asyncio.StreamReader) -> str:
    return (await reader.readuntil(b" ")).decode().strip()


async def read_rest_of_request(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            await reader.readexactly(int(value))


async def closes_idle_connections(reader: asyncio.StreamReader, number: int) -> tuple[str, bool]:
    """Answers the first request on a connection; closes it, unread, when another arrives."""
    method = await read_method(reader)
    if number > 1:
        return method, False  # it had meant to close this idle connection already
    await read_rest_of_request(reader)
    return method, True


async def dies_after_reading(reader: asyncio.StreamReader, _: int) -> tuple[str, bool]:
    """Reads the whole request, then goes away without a word: as a killed process would."""
    method = await read_method(reader)
    await read_rest_of_request(reader)
    return method, False


@asynccontextmanager
async def gateway_before(
    upstream: RawUpstream,
) -> AsyncIterator[httpx.AsyncClient]:
    server = await asyncio.start_server(upstream.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = gateway_settings(f"http://127.0.0.1:{port}", max_connections_per_upstream=1)
    try:
        async with app_client(create_app(settings)) as client:
            yield client
    finally:
        server.close()


async def test_a_post_on_a_connection_the_upstream_dropped_is_sent_once_more() -> None:
    upstream = RawUpstream(closes_idle_connections)
    async with gateway_before(upstream) as client:
        first = await client.post("/api/v1/attempts/a1", content=b"{}")
        second = await client.post("/api/v1/attempts/a1", content=b"{}")
    assert (first.status_code, second.status_code) == (200, 200)
    assert upstream.answered.count("POST") == 2  # each once
    assert upstream.dropped.count("POST") == 1


async def test_a_post_the_upstream_may_have_processed_is_not_sent_again() -> None:
    upstream = RawUpstream(dies_after_reading)
    async with gateway_before(upstream) as client:
        answer = await client.post("/api/v1/attempts/a1", content=b"{}")
    assert answer.status_code == 503
    assert upstream.dropped.count("POST") == 1  # sent once: it may have done the work
