"""Paging parameters in front of a real SQLite query: out-of-range values are the client's error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from servicekit.db import Database
from servicekit.errors import install_problem_handlers
from servicekit.pagination import MAX_OFFSET, Page, Paging
from servicekit.testing.client import app_client

pytestmark = pytest.mark.integration


def paged_app(database: Database) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/numbers")
    async def numbers(paging: Paging) -> Page[int]:
        async with database.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT value FROM generate LIMIT :limit OFFSET :offset"),
                {"limit": paging.limit, "offset": paging.offset},
            )
        items = list(rows.scalars())
        return Page(items=items, total=3, limit=paging.limit, offset=paging.offset)

    return app


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'paging.db'}")
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE generate (value INTEGER)"))
        await conn.execute(text("INSERT INTO generate VALUES (1), (2), (3)"))
    async with app_client(paged_app(database)) as client:
        yield client
    await database.dispose()


@pytest.mark.parametrize("query", [f"offset={2**64}", f"offset={MAX_OFFSET + 1}", "limit=101"])
async def test_values_beyond_the_bounds_answer_422_not_a_database_overflow(
    client: httpx.AsyncClient, query: str
) -> None:
    answer = await client.get(f"/numbers?{query}")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["loc"][0] == "query"


async def test_the_deepest_allowed_page_is_served(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/numbers?offset={MAX_OFFSET}&limit=100")
    assert answer.status_code == 200
    assert answer.json() == {"items": [], "total": 3, "limit": 100, "offset": MAX_OFFSET}
    assert (await client.get("/numbers?offset=1&limit=1")).json()["items"] == [2]
