"""The read model holds typed items: rows from version-1 events load, broken rows are skipped."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from contracts import Envelope
from contracts.catalogue import parse_item
from contracts.content import ContentPublished, ContentUpdatedV2
from practice.db.tables import ContentView
from practice.events.subscribers import on_content_changed
from servicekit.runtime import Runtime
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

# As content's version-1 events carried them: the shapes seeds 001 and 004 write.
OLD_PROBLEM = {
    "kind": "coding",
    "title": "Sum",
    "description": "Add the numbers up.",
    "execution": {"mode": "function", "entry_point": "total"},
    "tests": [
        {"input": [[1, 2]], "expected_output": 3},
        {"input": [[]], "expected_output": "SECRET", "is_hidden": True},
    ],
    "hints": ["Which loop?", "Keep a running total", "c", "d", "SECRET patch"],
    "reference_solutions": {"python": "SECRET"},
    "author_notes": "SECRET: a field no public model names",
}
LAB = {
    "kind": "debug_lab",
    "title": "Totals are short",
    "description": "The total misses a price.",
    "language": "python",
    "files": [{"path": "shop.py", "content": "x = 1\n", "editable": True}],
    "test_command": "python -m unittest",
    "defect_category": "Functional",
    "severity": "Major",
    "priority": "High",
}


def row(item_id: str, content_type: str, data: dict[str, Any]) -> ContentView:
    return ContentView(
        id=item_id, content_type=content_type, kind=data["kind"], data={"id": item_id, **data}
    )


async def store(app: FastAPI, *rows: ContentView) -> None:
    runtime: Runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:
        uow.session.add_all(rows)
        await uow.commit()


async def test_a_row_from_a_version_1_event_loads_as_its_model(
    app: FastAPI, client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    problem_id = f"sum-{uuid.uuid4().hex[:8]}"
    await store(app, row(problem_id, "problem", OLD_PROBLEM))
    started = await client.post(
        "/api/v1/attempts", json={"problem_id": problem_id}, headers=tokens.headers("old-1")
    )
    assert started.status_code == 201
    problem = started.json()["problem"]
    assert [h["level"] for h in problem["hints"]] == [
        "DIRECTIONAL_QUESTION",
        "HEURISTIC_HINT",
        "CONCEPT_INJECTION",
        "MICRO_EXAMPLE",
    ]
    assert [t["input"] for t in problem["tests"]] == [[[1, 2]]]
    assert "SECRET" not in started.text


async def test_a_row_that_no_longer_validates_is_missing_and_left_out_of_choices(
    app: FastAPI, client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    auth, tag = tokens.headers("old-2"), uuid.uuid4().hex[:8]
    broken_problem = {**OLD_PROBLEM, "tests": []}  # cannot be judged
    broken_lab = {**LAB, "difficulty": "EASY", "files": [{"path": "../escape.py"}]}
    await store(
        app,
        row(f"broken-{tag}", "problem", broken_problem),
        row(f"lab-broken-{tag}", "debug_lab_item", broken_lab),
        row(f"lab-fine-{tag}", "debug_lab_item", {**LAB, "difficulty": "HARD"}),
    )
    started = await client.post(
        "/api/v1/attempts", json={"problem_id": f"broken-{tag}"}, headers=auth
    )
    assert (started.status_code, started.json()["code"]) == (404, "PROBLEM_NOT_FOUND")
    chosen = await client.get("/api/v1/debug-lab/next", headers=auth)
    assert chosen.status_code == 200
    assert chosen.json()["item"]["id"] == f"lab-fine-{tag}"  # the easier one does not load
    lab = await client.post(
        "/api/v1/debug-lab/attempts", json={"item_id": f"lab-broken-{tag}"}, headers=auth
    )
    assert lab.status_code == 404


async def test_version_1_events_are_left_to_older_readers(
    app: FastAPI, client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    problem_id = f"sum-{uuid.uuid4().hex[:8]}"
    v1 = ContentPublished(
        content_type="problem", content_id=problem_id, revision=1, item=OLD_PROBLEM
    )
    runtime: Runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:
        await on_content_changed(uow, v1, Envelope.wrap(v1, producer="content"))
        await uow.commit()
    started = await client.post(
        "/api/v1/attempts", json={"problem_id": problem_id}, headers=tokens.headers("old-3")
    )
    assert started.status_code == 404  # version 2, sent beside it, brings the item


async def test_an_older_revision_announced_late_never_overwrites_a_newer_one(
    app: FastAPI, client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    """A re-announcement (`python -m content announce`) racing an edit may arrive second."""
    problem_id = f"sum-{uuid.uuid4().hex[:8]}"
    runtime: Runtime = app.state.runtime
    for revision, title in ((3, "Newer"), (2, "Older")):
        item = parse_item("coding", {**OLD_PROBLEM, "id": problem_id, "title": title})
        event = ContentUpdatedV2(
            content_type="problem", content_id=problem_id, revision=revision, item=item
        )
        async with runtime.unit_of_work() as uow:
            await on_content_changed(uow, event, Envelope.wrap(event, producer="content"))
            await uow.commit()
    started = await client.post(
        "/api/v1/attempts", json={"problem_id": problem_id}, headers=tokens.headers("old-4")
    )
    assert started.status_code == 201, started.text
    assert started.json()["problem"]["title"] == "Newer"
