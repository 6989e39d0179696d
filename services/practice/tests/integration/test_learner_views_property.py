"""Property: any item the content model accepts is served by practice, 2xx and public only.

Bodies are drawn around a valid item of each kind (fields kept, dropped, replaced by
arbitrary JSON, nested values mutated, unknown fields added); those the contracts model
accepts travel as ContentPublished v2 through practice's consumer, then practice's
learner endpoints that show the item must answer without a 5xx and show exactly the
item's public view: no hidden test, no patch-level hint, no field outside the allow-list.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from contracts import Envelope, decode_payload
from contracts.catalogue import PUBLIC_MODELS, CatalogueItem, Kind, parse_item, public_view
from contracts.catalogue.vocabulary import PATCH_LEVEL
from contracts.content import ContentPublishedV2
from practice.events.subscribers import on_content_changed
from servicekit.runtime import Runtime
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

BASES: dict[Kind, dict[str, Any]] = {
    Kind.CODING: {
        "title": "Pair with target sum",
        "description": "Return the indices of two numbers that add up to the target.",
        "pattern": "TWO_POINTERS",
        "rung": 1,
        "difficulty": "easy",
        "category": "arrays",
        "target_complexity": {"time": "O(n)", "space": "O(1)"},
        "time_limit_ms": 2000,
        "memory_limit_mb": 256,
        "execution": {"mode": "function", "entry_point": "pair", "comparison": "exact"},
        "starter_code": {"python": "def pair(nums, target):\n    pass\n"},
        "reference_solutions": {"python": "def pair(nums, target):\n    return [0, 1]\n"},
        "hints": ["Sorted?", "Two ends", "Move inward", "[1, 2], 3", "while i < j: ..."],
        "tests": [
            {"input": [[1, 2], 3], "expected_output": [0, 1], "explanation": "1 + 2"},
            {"input": [[2, 7], 9], "expected_output": [0, 1], "is_hidden": True},
        ],
        "generator": "def generate(n, seed):\n    return [[1, 2], 3]\n",
    },
    Kind.SYSTEM_DESIGN: {
        "title": "URL shortener",
        "description": "Design a service that shortens links.",
        "difficulty": "medium",
        "categories": ["storage", "caching"],
        "estimated_time": "45 mins",
        "requirements": ["Shorten a link", "Redirect"],
        "constraints": ["100M links", "10k QPS"],
        "hints": ["Read-heavy", {"level": "HEURISTIC_HINT", "text": "Cache"}],
        "rubric": {
            "components": [{"name": "cache", "keywords": ["redis"], "weight": 2, "why": "reads"}],
            "trade_offs": [{"name": "consistency", "keywords": ["eventual"]}],
        },
    },
    Kind.BUG_HUNT: {
        "title": "Total",
        "pattern": "PREFIX_SUM",
        "difficulty": "EASY",
        "language": "python",
        "prompt": "Find the bug.",
        "code": "def total(xs):\n    return sum(xs[1:])\n",
        "bug_lines": [2],
        "expected_concepts": ["off-by-one"],
        "explanation": "The slice skips the first item.",
        "hint": "Look at the slice.",
        "fixed_code": "def total(xs):\n    return sum(xs)\n",
        "entry_point": "total",
        "tests": [{"input": [[1, 2]], "expected_output": 3}],
    },
    Kind.DEBUG_LAB: {
        "title": "Totals are short",
        "description": "The checkout total misses a price.",
        "difficulty": "EASY",
        "language": "python",
        "files": [
            {"path": "shop.py", "content": "def total(p):\n    return sum(p[1:])\n"},
            {"path": "tests/test_shop.py", "content": "import shop\n", "editable": False},
        ],
        "test_command": "python -m unittest",
        "visible_tests": ["tests/test_shop.py"],
        "signals": ["failing_tests"],
        "tools_expected": ["debugger"],
        "required_triage": True,
        "observability_snapshot": {"logs": ["total=3"]},
        "defect_category": "Functional",
        "severity": "Major",
        "priority": "High",
        "expected_first_actions": ["reproduce"],
        "hidden_tests": ["tests/test_hidden.py"],
        "hidden_files": [{"path": "tests/test_hidden.py", "content": "import shop\n"}],
        "solution": {"explanation": "Sum every price.", "files": {"shop.py": "..."}},
    },
}

# Mostly plain text; now and then NUL bytes and lone surrogates, which the models refuse.
text = st.text(max_size=20) | st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


def near(value: Any) -> st.SearchStrategy[Any]:
    """Values shaped like `value`: its own, its parts mutated, or any JSON at all."""
    if isinstance(value, dict):
        shaped = st.fixed_dictionaries({key: near(inner) for key, inner in value.items()})
    elif isinstance(value, list):
        elements = st.one_of(*(near(inner) for inner in value)) if value else json_values
        shaped = st.lists(elements, max_size=len(value) + 2)
    elif isinstance(value, bool):
        shaped = st.booleans()
    elif isinstance(value, int):
        shaped = st.integers(min_value=-1, max_value=20_000)
    elif isinstance(value, str):
        shaped = text
    else:
        shaped = json_values
    return st.one_of(st.just(value), shaped, json_values)


@st.composite
def bodies(draw: st.DrawFn, kind: Kind) -> dict[str, Any]:
    """The kind's valid base with a few fields dropped or changed, an unknown one added."""
    body = dict(BASES[kind])
    for name in draw(st.lists(st.sampled_from(sorted(body)), max_size=4, unique=True)):
        if draw(st.integers(0, 3)) == 0:
            del body[name]
        else:
            body[name] = draw(near(body[name]))
    if draw(st.booleans()):
        body["author_notes"] = draw(json_values)  # a field no model knows: never shown
    body["kind"] = draw(st.sampled_from(list(Kind)))  # ignored: the route decides the kind
    return body


Show = Callable[[httpx.AsyncClient, dict[str, str], str], Awaitable[list[dict[str, Any]]]]


async def _started(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, body: dict[str, str], key: str
) -> list[dict[str, Any]]:
    """The item as starting work on it shows it, then as reading that work back shows it."""
    started = await client.post(path, json=body, headers=auth)
    assert started.status_code in (200, 201), started.text
    owner = next(v for k, v in started.json().items() if k in ("attempt", "session"))
    again = await client.get(f"{path}/{owner['id']}", headers=auth)
    assert again.status_code == 200, again.text
    return [started.json()[key], again.json()[key]]


async def _coding(client: httpx.AsyncClient, auth: dict[str, str], item_id: str) -> Any:
    return await _started(client, auth, "/api/v1/attempts", {"problem_id": item_id}, "problem")


async def _design(client: httpx.AsyncClient, auth: dict[str, str], item_id: str) -> Any:
    path, body = "/api/v1/design-sessions", {"problem_id": item_id}
    return await _started(client, auth, path, body, "problem")


async def _bug_hunt(client: httpx.AsyncClient, auth: dict[str, str], item_id: str) -> Any:
    return await _started(client, auth, "/api/v1/bug-hunt/attempts", {"item_id": item_id}, "item")


async def _debug_lab(client: httpx.AsyncClient, auth: dict[str, str], item_id: str) -> Any:
    shown = await _started(client, auth, "/api/v1/debug-lab/attempts", {"item_id": item_id}, "item")
    suggested = await client.get("/api/v1/debug-lab/next", headers=auth)
    assert suggested.status_code == 200, suggested.text  # every item so far is a candidate
    return [*shown, suggested.json()["item"]]


ENDPOINTS: dict[Kind, Show] = {
    Kind.CODING: _coding,
    Kind.SYSTEM_DESIGN: _design,
    Kind.BUG_HUNT: _bug_hunt,
    Kind.DEBUG_LAB: _debug_lab,
}


async def announce(app: FastAPI, item: CatalogueItem) -> None:
    """Hand the event, as it travels on the wire, to practice's consumer."""
    event = ContentPublishedV2(
        content_type=Kind(item.kind).content_type, content_id=item.id, revision=1, item=item
    )
    wire = Envelope.model_validate_json(Envelope.wrap(event, producer="content").model_dump_json())
    runtime: Runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:
        await on_content_changed(uow, decode_payload(wire), wire)
        await uow.commit()


def assert_public(kind: Kind, shown: dict[str, Any], expected: dict[str, Any] | None) -> None:
    assert shown.keys() <= PUBLIC_MODELS[kind].model_fields.keys()
    # None: an item other tests put on the shared catalogue topic, which practice also reads.
    assert expected is None or shown == expected
    if kind is Kind.CODING:
        assert not any(t["is_hidden"] for t in shown["tests"])
        assert all(h["level"] != PATCH_LEVEL for h in shown["hints"])


@pytest.fixture
def published() -> dict[str, dict[str, Any]]:
    """The public view of each item announced in one test, by id: one dict for every example."""
    return {}


@pytest.mark.parametrize("kind", list(ENDPOINTS))
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.data())
async def test_every_accepted_item_is_served_without_5xx_and_without_hidden_fields(
    kind: Kind,
    body: st.DataObject,
    app: FastAPI,
    client: httpx.AsyncClient,
    tokens: TokenFactory,
    published: dict[str, dict[str, Any]],
) -> None:
    item_id = f"{kind.value.replace('_', '-')}-{uuid.uuid4().hex[:10]}"
    try:
        item = parse_item(kind, {**body.draw(bodies(kind)), "id": item_id})
    except ValidationError:
        reject()
    await announce(app, item)
    published[item_id] = public_view(item).model_dump(mode="json")
    # A learner per example: each starts a session or attempt, and open design sessions are capped.
    learner = tokens.headers(f"prop-{kind}-{uuid.uuid4().hex[:8]}")
    for shown in await ENDPOINTS[kind](client, learner, item_id):
        assert_public(kind, shown, published.get(shown["id"]))
