"""HTTP clients for tests: one bound to an app in-process, and patience for read models."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI


@asynccontextmanager
async def app_client(
    app: FastAPI, base_url: str = "http://test"
) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def when_ready(request: Callable[[], httpx.Response], within: float = 60) -> httpx.Response:
    """Retry while the answer is 404: read models fill from events a moment after start-up."""
    deadline = time.monotonic() + within
    while True:
        response = request()
        if response.status_code != 404 or time.monotonic() > deadline:
            return response
        time.sleep(0.3)
