"""Property: whatever content accepts for an item, it then serves to learners, never with a
5xx and never with a field the kind's public model leaves out. Runs on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from content.config import Settings
from contracts.catalogue import ITEM_MODELS, Kind
from contracts.catalogue.vocabulary import PATCH_LEVEL
from contracts.visibility import PUBLIC_FIELDS
from servicekit.migrations import upgrade
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
METADATA = {"author_id", "revision", "created_at", "updated_at", "student_count", "source"}
ROUTES = {
    Kind.CODING: "/api/v1/problems",
    Kind.SYSTEM_DESIGN: "/api/v1/problems",
    Kind.TASK: "/api/v1/tasks",
    Kind.DRILL: "/api/v1/drills",
    Kind.QUESTION: "/api/v1/questions",
    Kind.BUG_HUNT: "/api/v1/bug-hunt/items",
    Kind.DEBUG_LAB: "/api/v1/debug-lab/items",
    Kind.SUBJECT: "/api/v1/subjects",
}
ADMIN_ONLY = {Kind.TASK, Kind.DRILL, Kind.SUBJECT}  # who may write them
LEARNERS_READ = set(Kind) - {Kind.DRILL}  # drills reach learners through practice only
BASES: dict[Kind, dict[str, Any]] = {
    Kind.CODING: {
        "title": "Count",
        "description": "Count them.",
        "execution": {"mode": "function", "entry_point": "count"},
        "tests": [
            {"input": [[1]], "expected_output": 1},
            {"input": [[]], "expected_output": 0, "is_hidden": True},
        ],
        "hints": ["a", "b", "c", "d", "e"],
        "reference_solutions": {"python": "def count(xs):\n    return len(xs)\n"},
    },
    Kind.SYSTEM_DESIGN: {
        "kind": "system_design",
        "title": "Shortener",
        "description": "Design it.",
        "rubric": {"components": [{"name": "cache", "keywords": ["cache"]}]},
    },
    Kind.TASK: {
        "title": "Task",
        "description": "Do it.",
        "role": "Data Engineer",
        "difficulty": "advanced",
        "expected_concepts": ["idempotency"],
    },
    Kind.DRILL: {
        "title": "Drill",
        "drill_type": "rank_failures",
        "question": "Which?",
        "options": ["a", "b"],
        "correct_answer": "a",
    },
    Kind.QUESTION: {
        "type": "theory",
        "difficulty": "easy",
        "category": "networks",
        "title": "Question",
        "text": "Why?",
        "expected_concepts": ["latency"],
    },
    Kind.BUG_HUNT: {
        "title": "Hunt",
        "pattern": "GREEDY",
        "difficulty": "HARD",
        "language": "javascript",
        "prompt": "Find it.",
        "code": "function f() {\n  return 1;\n}\n",
        "bug_lines": [2],
        "hint": "line two",
    },
    Kind.DEBUG_LAB: {
        "title": "Lab",
        "description": "Broken.",
        "difficulty": "EXPERT",
        "language": "javascript",
        "files": [{"path": "src/a.js", "content": ""}],
        "test_command": "node --test",
        "defect_category": "Resource",
        "severity": "Low",
        "priority": "Low",
        "solution": {"files": {"src/a.js": "ok"}},
    },
    Kind.SUBJECT: {"name": "Subject", "professor_id": "prof-1"},
}
# Words the models know, and texts they must refuse, beside arbitrary text.
WORDS = st.sampled_from(
    [
        "",
        " ",
        "\ud800",
        "a\x00b",
        "../up",
        "/abs",
        "a/b",
        "a",
        "Backend Engineer",
        "45 mins",
        "easy",
        "EASY",
        "python",
        "function",
        "stdio",
        "SLIDING_WINDOW",
        "PATCH_SNIPPET",
        "x" * 400,
    ]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | WORDS
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | WORDS, inner, max_size=4)
    ),
    max_leaves=10,
)


def bodies(kind: Kind) -> st.SearchStrategy[dict[str, Any]]:
    """The kind's valid body with a few fields replaced, or an arbitrary JSON object."""
    names = st.sampled_from([*sorted(ITEM_MODELS[kind].model_fields), "unknown_field"])
    known = st.sampled_from([v for base in BASES.values() for v in base.values()])
    overlay = st.dictionaries(names, JSON | known, max_size=3)
    arbitrary = st.dictionaries(st.text(max_size=10) | names, JSON, max_size=6)
    return overlay.map(lambda o: {**BASES[kind], **o}) | arbitrary


def assert_public(view: Mapping[str, Any]) -> None:
    kind = view["kind"]
    assert set(view) - METADATA <= PUBLIC_FIELDS[kind], sorted(set(view) - PUBLIC_FIELDS[kind])
    if kind == Kind.CODING:
        assert all(t["is_hidden"] is False for t in view["tests"])
        assert all(h["level"] != PATCH_LEVEL for h in view["hints"])


async def send(
    client: httpx.AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    """Raw JSON as any client may send it (lone surrogates escaped, NaN as Python writes it)."""
    content = json.dumps(body).encode()
    response = await client.request(
        method, path, content=content, headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code < 500, response.text
    return response


@pytest.fixture
def settings(service_settings: dict[str, Any], postgres_url: str) -> Settings:
    """Content on PostgreSQL, as in production (the app fixture reads `settings`)."""
    config = Settings(**{**service_settings, "database_url": postgres_url})
    upgrade(MIGRATIONS, config.database_url)
    return config


@pytest.mark.parametrize("kind", list(Kind))
@examples(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_every_accepted_write_is_served_to_learners_without_5xx_or_hidden_fields(
    client: httpx.AsyncClient, tokens: TokenFactory, kind: Kind, data: st.DataObject
) -> None:
    author = (
        tokens.headers("root", "admin") if kind in ADMIN_ONLY else tokens.headers("p", "professor")
    )
    learner = tokens.headers("stu", "student")
    route = ROUTES[kind]
    # Both bodies are drawn before any request: whether a POST is accepted depends on what
    # earlier examples stored, and a draw that depends on it would make the strategy flaky.
    first, second = data.draw(bodies(kind)), data.draw(bodies(kind))
    created = await send(client, "POST", route, first, author)
    event(f"POST {created.status_code}")
    if created.status_code != 201:
        assert created.status_code in (409, 422), created.text
        return
    item_id = created.json()["id"]
    patched = await send(client, "PATCH", f"{route}/{item_id}", second, author)
    event(f"PATCH {patched.status_code}")
    if kind not in LEARNERS_READ:
        assert (await client.get(f"{route}/{item_id}", headers=learner)).status_code == 403
        listed = await client.get(route, params={"limit": 100}, headers=author)
        assert listed.status_code == 200
        return
    one = await client.get(f"{route}/{item_id}", headers=learner)
    assert one.status_code == 200, one.text
    assert_public(one.json())
    listed = await client.get(route, params={"limit": 100}, headers=learner)
    assert listed.status_code == 200, listed.text
    for view in listed.json()["items"]:
        assert_public(view)
