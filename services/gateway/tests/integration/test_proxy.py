"""The gateway in front of real upstream servers: forwarding, auth, failures, limits."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request

from gateway.config import Settings
from gateway.main import create_app
from servicekit.testing.client import app_client
from servicekit.testing.infra import free_port, wait_for_port
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration


def upstream_app() -> FastAPI:
    app = FastAPI()

    @app.api_route("/api/v1/problems/{rest:path}", methods=["GET", "POST"])
    async def echo(request: Request, rest: str) -> dict[str, object]:
        return {
            "path": request.url.path,
            "query": dict(request.query_params),
            "body": (await request.body()).decode(),
            "request_id": request.headers.get("x-request-id"),
            "auth": request.headers.get("authorization"),
            "forwarded_for": request.headers.get("x-forwarded-for"),
            "traceparent": request.headers.get("traceparent"),
        }

    @app.get("/api/v1/questions")
    async def questions() -> dict[str, list[str]]:
        return {"items": []}

    @app.get("/api/v1/attempts/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(5)
        return {"late": "yes"}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/{rest:path}", status_code=202)
    async def accepted(rest: str) -> dict[str, str]:
        return {"accepted": rest}

    return app


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(upstream_app(), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
async def gateway(upstream: str) -> AsyncIterator[tuple[httpx.AsyncClient, TokenFactory]]:
    dead = f"http://127.0.0.1:{free_port()}"
    settings = Settings(
        content_url=upstream,
        practice_url=upstream,
        evaluation_url=dead,
        identity_url=dead,
        coach_url=dead,
        request_timeout_seconds=0.5,
        connect_timeout_seconds=0.5,
        max_body_bytes=1000,
        environment="test",
    )
    tokens = TokenFactory()
    app = create_app(settings)
    async with app_client(app) as client:
        tokens.install(app)
        yield client, tokens


async def test_requests_reach_the_owning_service_with_their_request_id(gateway) -> None:
    client, tokens = gateway
    response = await client.post(
        "/api/v1/problems/p1?x=1&x=2",
        content=b"hello",
        headers={"X-Request-ID": "req-42", **tokens.headers()},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["path"] == "/api/v1/problems/p1"
    assert body["body"] == "hello"
    assert body["request_id"] == "req-42"
    assert body["auth"].startswith("Bearer ")
    assert response.headers["x-request-id"] == "req-42"


async def test_the_upstream_call_continues_the_clients_trace_under_the_gateways_span(
    gateway,
) -> None:
    client, tokens = gateway
    trace_id, client_span = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
    response = await client.get(
        "/api/v1/problems/p1",
        headers={"traceparent": f"00-{trace_id}-{client_span}-01", **tokens.headers()},
    )
    version, forwarded_trace, parent, flags = response.json()["traceparent"].split("-")
    assert (version, forwarded_trace, flags) == ("00", trace_id, "01")
    assert parent != client_span  # the gateway's own span sits between the two


async def test_an_invalid_token_is_refused_before_any_upstream(gateway) -> None:
    client, _ = gateway
    forged = TokenFactory().token()  # signed by a key the gateway does not trust
    response = await client.get(
        "/api/v1/problems/p1", headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "UNAUTHENTICATED"


async def test_a_dead_upstream_answers_503_and_a_slow_one_504(gateway) -> None:
    client, _ = gateway
    dead = await client.get("/api/v1/evaluations")
    assert dead.status_code == 503
    assert dead.json()["code"] == "UPSTREAM_UNAVAILABLE"
    slow = await client.get("/api/v1/attempts/slow")  # 504 itself says the timeout fired
    assert slow.status_code == 504
    assert slow.json()["code"] == "UPSTREAM_TIMEOUT"


async def test_an_oversized_body_is_refused_also_when_chunked(gateway) -> None:
    client, _ = gateway

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * 100

    chunked = await client.post("/api/v1/problems/p1", content=chunks())
    assert chunked.status_code == 413
    assert chunked.json()["code"] == "PAYLOAD_TOO_LARGE"
    declared = await client.post("/api/v1/problems/p1", content=b"x" * 2000)
    assert declared.status_code == 413


async def test_unknown_paths_and_readiness(gateway) -> None:
    client, _ = gateway
    assert (await client.get("/api/v1/nothing-here")).status_code == 404
    ready = await client.get("/ready")
    assert ready.status_code == 200  # it can route; a dead upstream is reported, not fatal
    assert ready.json()["status"] == "degraded"
    checks = ready.json()["checks"]
    assert checks["routes"] == {"status": "up", "required": True}
    assert checks["content"] == {"status": "up", "required": False}
    assert checks["evaluation"]["status"] == "down"
    assert checks["evaluation"]["required"] is False
    await client.get("/api/v1/problems/p7")
    metrics = (await client.get("/metrics")).text
    assert 'route="/api/v1/problems/*"' in metrics
    assert "p7" not in metrics  # raw paths never become labels


@pytest.mark.parametrize("storage", ["memory", "redis"])
async def test_limits_are_counted_per_user_with_headers_and_429(
    upstream: str, storage: str, request: pytest.FixtureRequest
) -> None:
    redis_url = request.getfixturevalue("redis_url") if storage == "redis" else None
    settings = Settings(
        content_url=upstream,
        rate_limits={"questions": "3/minute"},
        redis_url=redis_url,
        environment="test",
    )
    tokens = TokenFactory()
    app = create_app(settings)
    async with app_client(app) as client:
        tokens.install(app)
        me, other = tokens.headers(uuid.uuid4().hex), tokens.headers(uuid.uuid4().hex)
        answers = [await client.get("/api/v1/questions", headers=me) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[0].headers["RateLimit-Limit"] == "3"
        assert answers[2].headers["RateLimit-Remaining"] == "0"
        refused = answers[3]
        assert refused.json()["code"] == "RATE_LIMITED"
        assert int(refused.headers["Retry-After"]) >= 1
        assert (await client.get("/api/v1/questions", headers=other)).status_code == 200
        assert "RateLimit-Limit" not in (await client.get("/api/v1/problems/x")).headers


@pytest.mark.parametrize(
    ("scope", "path"),
    [("runs", "/api/v1/debug-lab/attempts/a1/run-tests"), ("answers", "/api/v1/responses")],
)
async def test_judge_work_is_limited_per_class(upstream: str, scope: str, path: str) -> None:
    settings = Settings(practice_url=upstream, rate_limits={scope: "1/minute"}, environment="test")
    tokens = TokenFactory()
    app = create_app(settings)
    async with app_client(app) as client:
        tokens.install(app)
        me = tokens.headers(uuid.uuid4().hex)
        answers = [await client.post(path, json={}, headers=me) for _ in range(2)]
    assert [a.status_code for a in answers] == [202, 429]
    assert answers[1].json()["code"] == "RATE_LIMITED"


async def test_one_openapi_document_and_offline_docs(upstream: str) -> None:
    settings = Settings(content_url=upstream, practice_url=upstream, environment="test")
    app = create_app(settings)
    async with app_client(app) as client:
        await app.state.runtime.extras["openapi"].refresh(app.state.runtime.http)
        document = (await client.get("/openapi.json")).json()
        assert "/api/v1/questions" in document["paths"]
        # the upstream's operations endpoints are not the public API; the gateway's own are
        assert document["paths"]["/health"]["get"]["summary"] == "Liveness of the gateway"
        docs = await client.get("/docs")
        assert docs.status_code == 200
        assert "/docs/assets/swagger-ui-bundle.js" in docs.text
        assert "cdn" not in docs.text.lower()
        asset = await client.get("/docs/assets/swagger-ui-bundle.js")
        assert asset.status_code == 200
        assert len(asset.content) > 100_000


async def test_cors_comes_from_configuration(upstream: str) -> None:
    settings = Settings(
        content_url=upstream, cors_origins=["https://app.example.com"], environment="test"
    )
    async with app_client(create_app(settings)) as client:
        preflight = await client.options(
            "/api/v1/problems/p1",
            headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == "https://app.example.com"
        stranger = await client.options(
            "/api/v1/problems/p1",
            headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in stranger.headers


async def test_tokens_never_reach_the_logs(
    gateway, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    client, tokens = gateway
    token = tokens.token()
    await client.get(
        f"/api/v1/problems/p1?access_token={token}&x=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    logged = caplog.text + "".join(capfd.readouterr())
    assert "/api/v1/problems/p1" in logged
    assert token not in logged
    assert "access_token" not in logged
