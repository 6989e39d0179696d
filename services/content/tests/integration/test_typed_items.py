"""Items through content's API validated by their kind's model: seed shapes, refusals, views."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from content.config import Settings
from content.db.tables import CatalogItem
from contracts.catalogue.vocabulary import HINT_LEVELS
from servicekit.db import Database
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

CODING: dict[str, Any] = {
    "title": "Longest Calm Stretch",
    "description": "Return the length of the longest run of calm readings.",
    "pattern": "SLIDING_WINDOW",
    "rung": 1,
    "execution": {"mode": "function", "entry_point": "longest_calm"},
    "tests": [
        {"input": [[1, 1, 3]], "expected_output": 2},
        {"input": [[]], "expected_output": 0, "is_hidden": True},
    ],
    # seed 001's GET /problems/next shape: plain strings
    "hints": ["What is a window?", "Grow right, shrink left.", "Two indices.", "e.g.", "code"],
}
SEED_000_TASK = {
    "title": "Design a URL Shortener",
    "description": "Design a scalable URL shortening service",
    "role": "Backend Engineer",
    "difficulty": "intermediate",
    "estimated_time_minutes": 30,
    "scenario": "You are tasked with designing a URL shortening service like bit.ly...",
    "prompts": [
        "What assumptions are you making?",
        "How would you design the architecture?",
        "What are the key trade-offs?",
        "What could go wrong?",
    ],
}
SEED_004_DESIGN = {
    "title": "Design a URL Shortener Service",
    "description": "Design a scalable URL shortening service like bit.ly.",
    "difficulty": "medium",
    "categories": ["Web Services", "Databases", "Caching"],
    "estimated_time": "45 mins",
    "requirements": ["Generate unique short URLs for any given long URL"],
    "constraints": ["Short URLs should be 6-8 characters long"],
    "hints": ["Consider using a hash function or base62 encoding for URL generation"],
}
BUG_HUNT = {
    "title": "Off by one",
    "pattern": "SLIDING_WINDOW",
    "difficulty": "EASY",
    "language": "python",
    "prompt": "Find the bug.",
    "code": "def last(xs):\n    return xs[len(xs)]\n",
    "bug_lines": [2],
    "hint": "Which index is the last one?",
    "explanation": "Indices end at len - 1.",
}
DEBUG_LAB = {
    "title": "Totals drift",
    "description": "The totals are off by a cent.",
    "difficulty": "EASY",
    "language": "python",
    "files": [{"path": "src/totals.py", "content": "TOTAL = 0\n"}],
    "test_command": "python -m unittest discover -s tests -t . -v",
    "defect_category": "Functional",
    "severity": "Major",
    "priority": "High",
}


def field_errors(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [".".join(str(p) for p in e["loc"]) for e in response.json()["errors"]]


async def test_plain_string_hints_become_the_ladder_and_the_catalogue_keeps_serving(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    created = await client.post(
        "/api/v1/problems", json=CODING, headers=tokens.headers("p", "professor")
    )
    assert created.status_code == 201, created.text
    assert [h["level"] for h in created.json()["hints"]] == list(HINT_LEVELS)
    listed = await client.get("/api/v1/problems", headers=tokens.headers())
    assert listed.status_code == 200
    learner = await client.get(f"/api/v1/problems/{created.json()['id']}", headers=tokens.headers())
    assert [h["text"] for h in learner.json()["hints"]] == CODING["hints"][:4]
    assert [t["is_hidden"] for t in learner.json()["tests"]] == [False]


async def test_a_problem_that_cannot_be_judged_is_refused_with_field_errors(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    author = tokens.headers("p", "professor")
    no_tests = await client.post("/api/v1/problems", json={**CODING, "tests": []}, headers=author)
    assert field_errors(no_tests) == ["body.tests"]
    no_entry = {**CODING, "execution": {"mode": "function"}}
    assert field_errors(await client.post("/api/v1/problems", json=no_entry, headers=author))
    lab = await client.post(
        "/api/v1/debug-lab/items", json={**DEBUG_LAB, "test_command": " "}, headers=author
    )
    assert field_errors(lab) == ["body.test_command"]


async def test_a_patch_is_validated_merged_and_a_bad_one_changes_nothing(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    author = tokens.headers("p", "professor")
    problem_id = (await client.post("/api/v1/problems", json=CODING, headers=author)).json()["id"]
    bad = await client.patch(
        f"/api/v1/problems/{problem_id}", json={"time_limit_ms": 10**9}, headers=author
    )
    assert field_errors(bad) == ["body.time_limit_ms"]
    good = await client.patch(
        f"/api/v1/problems/{problem_id}", json={"hints": ["Only one"]}, headers=author
    )
    assert good.json()["hints"] == [{"level": "DIRECTIONAL_QUESTION", "text": "Only one"}]
    assert good.json()["revision"] == 2


async def test_the_seed_000_task_is_accepted_and_found_by_a_users_role_spelling(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    created = await client.post(
        "/api/v1/tasks", json=SEED_000_TASK, headers=tokens.headers("a", "admin")
    )
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "backend"
    for spelling in ("Backend Engineer", "backend"):
        found = await client.get("/api/v1/tasks", params={"role": spelling})
        assert [t["id"] for t in found.json()["items"]] == [created.json()["id"]]
    assert (await client.get("/api/v1/tasks", params={"role": "Data Engineer"})).json()[
        "total"
    ] == 0
    assert field_errors(await client.get("/api/v1/tasks", params={"role": "Chef"})) == [
        "query.role"
    ]


async def test_the_seed_004_design_problem_without_kind_is_a_system_design_problem(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    created = await client.post(
        "/api/v1/problems", json=SEED_004_DESIGN, headers=tokens.headers("p", "professor")
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["kind"], body["estimated_time"]) == ("system_design", 45)
    assert body["requirements"]["functional"] == SEED_004_DESIGN["requirements"]


async def test_a_body_cannot_choose_a_kind_of_another_resource(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    sneaky = {**BUG_HUNT, "kind": "subject", "name": "Sneaky subject"}
    refused = await client.post(
        "/api/v1/bug-hunt/items", json=sneaky, headers=tokens.headers("p", "professor")
    )
    assert field_errors(refused) == ["body.kind"]
    subjects = await client.get("/api/v1/subjects", headers=tokens.headers())
    assert subjects.json()["total"] == 0


async def test_learners_never_get_the_bug_hunt_hint_nor_the_debug_lab_triage_answers(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    author = tokens.headers("p", "professor")
    hunt = (await client.post("/api/v1/bug-hunt/items", json=BUG_HUNT, headers=author)).json()
    lab = (await client.post("/api/v1/debug-lab/items", json=DEBUG_LAB, headers=author)).json()
    for path, secrets in (
        (f"/api/v1/bug-hunt/items/{hunt['id']}", {"hint", "bug_lines", "explanation"}),
        (f"/api/v1/debug-lab/items/{lab['id']}", {"defect_category", "severity", "priority"}),
    ):
        seen = (await client.get(path, headers=tokens.headers())).json()
        assert not secrets & set(seen), path
        assert secrets <= set((await client.get(path, headers=author)).json())
    listed = (await client.get("/api/v1/debug-lab/items", headers=tokens.headers())).json()
    assert "severity" not in listed["items"][0]


async def test_one_bad_stored_item_never_fails_a_listing(
    client: httpx.AsyncClient, tokens: TokenFactory, settings: Settings
) -> None:
    author = tokens.headers("p", "professor")
    good = (await client.post("/api/v1/problems", json=CODING, headers=author)).json()
    database = Database(settings.database_url)
    try:
        async with database.sessions() as session:  # written before the models existed
            session.add(
                CatalogItem(id="legacy-bad", kind="coding", title="Legacy", data={"hints": [7]})
            )
            await session.commit()
    finally:
        await database.dispose()
    listed = await client.get("/api/v1/problems", headers=tokens.headers())
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["items"]] == [good["id"]]
    assert listed.json()["total"] == 2  # stored items; the bad one is logged and left out
    one = await client.get("/api/v1/problems/legacy-bad", headers=tokens.headers())
    assert one.status_code == 404
    admin = await client.get("/api/v1/problems/legacy-bad", headers=tokens.headers("a", "admin"))
    assert admin.json()["hints"] == [7]  # as stored, so that it can be repaired


async def test_subjects_of_one_professor_are_filtered_before_paging(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    admin = tokens.headers("a", "admin")
    for n in range(6):
        professor = "prof-1" if n % 3 == 0 else "prof-2"
        subject = {"id": f"subject-{n}", "name": f"Subject {n}", "professor_id": professor}
        assert (
            await client.post("/api/v1/subjects", json=subject, headers=admin)
        ).status_code == 201
    page = await client.get(
        "/api/v1/subjects", params={"professor_id": "prof-1", "limit": 1}, headers=admin
    )
    assert page.json()["total"] == 2
    assert [s["id"] for s in page.json()["items"]] == ["subject-0"]
    second = await client.get(
        "/api/v1/subjects",
        params={"professor_id": "prof-1", "limit": 1, "offset": 1},
        headers=admin,
    )
    assert [s["id"] for s in second.json()["items"]] == ["subject-3"]
