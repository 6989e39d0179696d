"""The interview WebSocket on the real broker: the owner's tabs get each event, others are refused.

The gateway runs in uvicorn on a real port; a stand-in for practice answers who owns what.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import jwt
import pytest
import uvicorn
from fastapi import FastAPI, Request, Response
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from contracts.interview import InterviewEvent
from contracts.topics import INTERVIEW_EVENTS
from gateway.config import Settings
from gateway.fanout.state import Fanout
from gateway.main import create_app
from servicekit.messaging import ensure_topics
from servicekit.revocation import RedisDenylist
from servicekit.testing.events import EventPublisher
from servicekit.testing.infra import free_port
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration
OWNERS: dict[str, str] = {}  # interview id -> owner, as the stand-in practice knows them


def practice_app() -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/interviews/{interview_id}")
    async def interview(interview_id: str, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        caller = jwt.decode(token, options={"verify_signature": False})["sub"]
        if OWNERS.get(interview_id) != caller:
            return Response(status_code=404)
        body = {"id": interview_id, "user_id": caller}
        return Response(json.dumps(body), media_type="application/json")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def serving(app: FastAPI, port: int, **options: object) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, **options)  # type: ignore[arg-type]
    )
    asyncio.get_running_loop().create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    return server


@dataclass
class Gateway:
    url: str
    tokens: TokenFactory
    fanout: Fanout
    publisher: EventPublisher
    denylist: RedisDenylist


@pytest.fixture
async def gateway(kafka_bootstrap: str, redis_url: str) -> AsyncIterator[Gateway]:
    await ensure_topics(kafka_bootstrap, [INTERVIEW_EVENTS])
    practice = await serving(practice_app(), practice_port := free_port())
    settings = Settings(
        practice_url=f"http://127.0.0.1:{practice_port}",
        identity_url=f"http://127.0.0.1:{free_port()}",
        kafka_bootstrap_servers=kafka_bootstrap,
        redis_url=redis_url,
        ws_revocation_check_seconds=0.2,
        environment="test",
    )
    app = create_app(settings)
    port = free_port()
    server = await serving(app, port, ws="websockets-sansio")
    tokens = TokenFactory()
    tokens.install(app)
    fanout: Fanout = app.state.runtime.extras["fanout"]
    await asyncio.wait_for(fanout.reader.assigned.wait(), 30)
    redis = Redis.from_url(redis_url)
    try:
        async with EventPublisher(kafka_bootstrap) as publisher:
            yield Gateway(f"ws://127.0.0.1:{port}", tokens, fanout, publisher, RedisDenylist(redis))
    finally:
        await redis.aclose()
        server.should_exit = practice.should_exit = True
        await asyncio.sleep(0.3)


def interview_of(owner: str) -> str:
    interview_id = f"iv-{uuid.uuid4().hex[:12]}"
    OWNERS[interview_id] = owner
    return interview_id


def event(interview_id: str, owner: str, kind: str, n: int) -> InterviewEvent:
    return InterviewEvent(
        interview_id=interview_id,
        user_id=owner,
        type=kind,
        data={"n": n},  # type: ignore[arg-type]
    )


async def next_frame(ws: ClientConnection) -> dict[str, object]:
    return dict(json.loads(await asyncio.wait_for(ws.recv(), 20)))


async def test_every_tab_of_the_owner_receives_the_interviews_events(gateway: Gateway) -> None:
    owner = f"user-{uuid.uuid4().hex[:8]}"
    mine, other = interview_of(owner), interview_of(owner)
    token = gateway.tokens.token(owner)
    url = f"{gateway.url}/api/v1/interviews/{mine}/ws"
    async with (
        connect(url, subprotocols=["bearer", token]) as tab1,  # type: ignore[list-item]
        connect(f"{url}?access_token={token}") as tab2,
    ):
        assert tab1.subprotocol == "bearer"
        await gateway.publisher.send(event(other, owner, "question_presented", 0))
        await gateway.publisher.send(event(mine, owner, "question_presented", 1))
        await gateway.publisher.send(event(mine, owner, "answer_evaluated", 2))
        for tab in (tab1, tab2):
            first, second = await next_frame(tab), await next_frame(tab)
            assert (first["type"], first["data"]) == ("question_presented", {"n": 1})
            assert (second["type"], second["data"]) == ("answer_evaluated", {"n": 2})
            assert first["interview_id"] == mine
            assert first["event_id"] != second["event_id"]


@pytest.mark.parametrize("who", ["no token", "forged token", "another user"])
async def test_refusals_are_http_answers_before_the_upgrade(gateway: Gateway, who: str) -> None:
    owner = f"user-{uuid.uuid4().hex[:8]}"
    interview_id = interview_of(owner)
    url = f"{gateway.url}/api/v1/interviews/{interview_id}/ws"
    token = {
        "no token": None,
        "forged token": TokenFactory().token(owner),
        "another user": gateway.tokens.token("someone-else"),
    }[who]
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, subprotocols=["bearer", token] if token else None):  # type: ignore[list-item]
            pass
    response = refused.value.response
    expected = {"no token": 401, "forged token": 401, "another user": 404}[who]
    assert response.status_code == expected
    assert json.loads(response.body or b"{}")["status"] == expected
    assert len(gateway.fanout.hub) == 0


async def test_a_revoked_token_closes_its_socket(gateway: Gateway) -> None:
    owner = f"user-{uuid.uuid4().hex[:8]}"
    interview_id = interview_of(owner)
    token = gateway.tokens.token(owner)
    claims = jwt.decode(token, options={"verify_signature": False})
    url = f"{gateway.url}/api/v1/interviews/{interview_id}/ws?access_token={token}"
    async with connect(url) as ws:
        await gateway.denylist.revoke(claims["jti"], claims["exp"])
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 20)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "token revoked")


async def test_an_expiring_token_closes_its_socket(gateway: Gateway) -> None:
    owner = f"user-{uuid.uuid4().hex[:8]}"
    interview_id = interview_of(owner)
    token = gateway.tokens.token(owner, exp=int(time.time()) + 1)
    url = f"{gateway.url}/api/v1/interviews/{interview_id}/ws?access_token={token}"
    async with connect(url) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 20)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "token expired")
