"""HTTP clients for tests: one bound to an app in-process, and patience for read models."""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

logger = logging.getLogger(__name__)
# Longer than SQLite's busy timeout (30 s), so a stop that waits out a lock still ends.
SHUTDOWN_SECONDS = 60
STARTUP_SECONDS = 60
SLOW_STOP_SECONDS = 15


@asynccontextmanager
async def app_client(
    app: FastAPI, base_url: str = "http://test", *, wait_for_broker: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    """The app started; by default also connected to its broker, which a service does in the
    background (tests that publish at once expect its topics and subscribers in place)."""
    manager = LifespanManager(
        app, startup_timeout=STARTUP_SECONDS, shutdown_timeout=SHUTDOWN_SECONDS
    )
    watchdog: asyncio.Task[None] | None = None
    try:
        async with manager:
            try:
                if wait_for_broker:
                    await broker_connected(app)
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
                    yield client
            finally:
                watchdog = asyncio.create_task(_report_slow_stop(SLOW_STOP_SECONDS))
    finally:
        if watchdog is not None:
            watchdog.cancel()


async def broker_connected(app: FastAPI, within: float = STARTUP_SECONDS) -> None:
    """Wait until a started app's broker has connected (at once for an app without one)."""
    runtime = getattr(app.state, "runtime", None)  # an app not built by create_service_app
    if runtime is not None and runtime.broker is not None:
        async with asyncio.timeout(within):
            await runtime.broker_connected.wait()


async def _report_slow_stop(after: float) -> None:
    """Log where every task waits when an app is slow to stop (a rare hang seen in CI)."""
    await asyncio.sleep(after)
    stacks = io.StringIO()
    for task in asyncio.all_tasks():
        task.print_stack(file=stacks)
    logger.warning("app still stopping after %s s; tasks:\n%s", after, stacks.getvalue())


def when_ready(request: Callable[[], httpx.Response], within: float = 60) -> httpx.Response:
    """Retry while the answer is 404: read models fill from events a moment after start-up."""
    deadline = time.monotonic() + within
    while True:
        response = request()
        if response.status_code != 404 or time.monotonic() > deadline:
            return response
        time.sleep(0.3)
