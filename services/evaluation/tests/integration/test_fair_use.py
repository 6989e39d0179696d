"""`/runs` and `/runs/trace` go through the judge's pool; one user cannot hold more than a share."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from evaluation.config import Settings
from evaluation.pool import JudgePool
from servicekit.migrations import upgrade
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SLOW = {"language": "python", "code": "import time\ntime.sleep(3)\nprint('done')"}
QUICK = {"language": "python", "code": "print('hi')"}


@pytest.fixture
def settings(service_settings: dict[str, Any]) -> Settings:
    settings = Settings(**service_settings, workers=2, max_jobs_per_user=1)
    upgrade(MIGRATIONS, settings.database_url)
    return settings


async def test_a_user_over_the_cap_is_told_to_retry_and_others_still_run(
    client: httpx.AsyncClient, app: FastAPI, tokens: TokenFactory
) -> None:
    pool: JudgePool = app.state.runtime.extras["pool"]
    looper = tokens.headers("looper")
    slow = asyncio.create_task(client.post("/api/v1/runs", headers=looper, json=SLOW))
    while pool.jobs_of("looper") == 0:  # the slow run is queued or running
        assert not slow.done(), slow.result().text
        await asyncio.sleep(0.01)

    over = await client.post("/api/v1/runs", headers=looper, json=QUICK)
    trace = await client.post(
        "/api/v1/runs/trace",
        headers=looper,
        json={"language": "python", "code": "x = 1", "test_input": []},
    )
    other = await client.post("/api/v1/runs", headers=tokens.headers("someone-else"), json=QUICK)

    assert over.status_code == 429
    assert over.json()["code"] == "RATE_LIMITED"
    assert int(over.headers["Retry-After"]) > 0
    assert trace.status_code == 429
    assert other.json()["stdout"] == "hi\n"
    assert (await slow).json()["stdout"] == "done\n"
    again = await client.post("/api/v1/runs", headers=looper, json=QUICK)
    assert again.status_code == 200
