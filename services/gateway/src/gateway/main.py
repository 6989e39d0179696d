"""Assembles the gateway: auth, routing, CORS and readiness of every upstream."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from gateway.api.routes import router
from gateway.api.ws import router as ws_router
from gateway.config import Settings
from gateway.fanout.state import running_fanout
from gateway.holds import WaitHolds
from gateway.openapi import OpenApiCache
from gateway.pool import UpstreamPool
from gateway.ratelimit import RateLimits
from servicekit.app import create_service_app
from servicekit.runtime import Check, Runtime, ServiceSpec
from servicekit.settings import ServiceSettings

UPSTREAM_CHECK_SECONDS = 1.0


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    config = settings or Settings()
    assert isinstance(config, Settings)

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        pool = UpstreamPool(config)
        runtime.extras["pool"] = pool
        runtime.extras["holds"] = WaitHolds(config.max_waits_per_user)
        rate_limits = RateLimits(config.rate_limits, config.redis_url)
        runtime.extras["rate_limits"] = rate_limits
        openapi = OpenApiCache(config.upstreams(), title="Whetstone")
        runtime.extras["openapi"] = openapi
        refresher = asyncio.create_task(openapi.run(runtime.http), name="openapi-refresh")
        for name, url in config.upstreams().items():
            runtime.checks[name] = _health_check(runtime, url)
        try:
            denylist = getattr(app.state, "denylist", None)
            async with running_fanout(runtime, config, pool, denylist) as fanout:
                runtime.extras["fanout"] = fanout
                yield
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            await pool.close()
            await rate_limits.close()

    app = create_service_app(
        config,
        ServiceSpec(
            title="Whetstone",
            routers=[ws_router, router],
            uses_database=False,
            own_openapi=False,
            uses_broker=False,
            resources=resources,
        ),
    )
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            allow_credentials=True,
        )
    _trace_sockets_lightly(app)
    return app


# An interview socket is open for up to an hour: a span for it says nothing useful, and the
# tracing middleware's span per frame sent was a third of the gateway's CPU per delivery.
UNTRACED_URLS = "health,ready,metrics,/api/v1/interviews/[^/]+/ws"


def _trace_sockets_lightly(app: FastAPI) -> None:
    """Trace HTTP calls as every service does, without the sockets nor a span per message."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.uninstrument_app(app)
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=UNTRACED_URLS, exclude_spans=["receive", "send"]
    )
    app.middleware_stack = None  # uninstrumenting built it; the first request builds it again


def _health_check(runtime: Runtime, url: str) -> Check:
    async def check() -> None:
        response = await runtime.http.get(f"{url}/health", timeout=UPSTREAM_CHECK_SECONDS)
        response.raise_for_status()

    return check
