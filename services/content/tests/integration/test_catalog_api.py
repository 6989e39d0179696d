"""The catalogue through content's own HTTP API: visibility, authorship, filters, enrolment."""

from __future__ import annotations

import httpx
import pytest

from content.commands import load_pack_command
from content.config import Settings
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

PROBLEM = {
    "title": "Count the Lanterns",
    "description": "Return how many lanterns are lit.",
    "difficulty": "easy",
    "pattern": "PREFIX_SUM",
    "rung": 1,
    "category": "arrays",
    "execution": {"mode": "function", "entry_point": "count_lit", "comparison": "exact"},
    "tests": [
        {"input": [[1, 0, 1]], "expected_output": 2, "is_hidden": False},
        {"input": [[0]], "expected_output": 0, "is_hidden": True},
    ],
    "reference_solutions": {"python": "def count_lit(xs):\n    return sum(xs)\n"},
    "hints": [
        {"level": "DIRECTIONAL_QUESTION", "text": "What does lit mean?"},
        {"level": "PATCH_SNIPPET", "text": "return sum(xs)"},
    ],
}


async def test_learners_never_see_answers_but_authors_and_admins_do(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    author = tokens.headers("prof-1", "professor")
    created = await client.post("/api/v1/problems", json=PROBLEM, headers=author)
    assert created.status_code == 201, created.text
    problem_id = created.json()["id"]

    learner = await client.get(f"/api/v1/problems/{problem_id}", headers=tokens.headers())
    body = learner.json()
    assert "reference_solutions" not in body
    assert [t["is_hidden"] for t in body["tests"]] == [False]
    assert [h["level"] for h in body["hints"]] == ["DIRECTIONAL_QUESTION"]

    for viewer in (author, tokens.headers("root", "admin")):
        full = (await client.get(f"/api/v1/problems/{problem_id}", headers=viewer)).json()
        assert "reference_solutions" in full
        assert len(full["tests"]) == 2


async def test_only_the_author_or_an_admin_changes_a_problem(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    created = await client.post(
        "/api/v1/problems", json=PROBLEM, headers=tokens.headers("prof-1", "professor")
    )
    problem_id = created.json()["id"]
    other = await client.patch(
        f"/api/v1/problems/{problem_id}",
        json={"title": "Mine now"},
        headers=tokens.headers("prof-2", "professor"),
    )
    assert other.status_code == 403
    assert other.json()["code"] == "FORBIDDEN"
    student = await client.post("/api/v1/problems", json=PROBLEM, headers=tokens.headers())
    assert student.status_code == 403
    mine = await client.patch(
        f"/api/v1/problems/{problem_id}",
        json={"title": "Lanterns"},
        headers=tokens.headers("prof-1", "professor"),
    )
    assert mine.status_code == 200
    assert mine.json()["title"] == "Lanterns"
    assert mine.json()["revision"] == 2
    empty = await client.patch(
        f"/api/v1/problems/{problem_id}", json={}, headers=tokens.headers("prof-1", "professor")
    )
    assert empty.status_code == 422
    gone = await client.delete(
        f"/api/v1/problems/{problem_id}", headers=tokens.headers("root", "admin")
    )
    assert gone.status_code == 204
    missing = await client.get(f"/api/v1/problems/{problem_id}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "PROBLEM_NOT_FOUND"


async def test_the_pack_loads_once_and_filters_and_search_find_it(
    client: httpx.AsyncClient, settings: Settings, tokens: TokenFactory
) -> None:
    await load_pack_command(settings)
    await load_pack_command(settings)  # idempotent: nothing is duplicated
    everything = (
        await client.get("/api/v1/problems", params={"kind": "coding", "limit": 100})
    ).json()
    ids = [p["id"] for p in everything["items"]]
    assert len(ids) == len(set(ids)) == everything["total"] >= 20
    two_pointers = (
        await client.get("/api/v1/problems", params={"pattern": "TWO_POINTERS", "rung": 1})
    ).json()
    assert two_pointers["items"]
    assert all(p["pattern"] == "TWO_POINTERS" and p["rung"] == 1 for p in two_pointers["items"])
    found = (await client.get("/api/v1/problems", params={"q": "BUNDLE"})).json()
    assert "best-pair-within-budget" in [p["id"] for p in found["items"]]
    page = (await client.get("/api/v1/problems", params={"limit": 5, "offset": 5})).json()
    assert (page["limit"], page["offset"], len(page["items"])) == (5, 5, 5)
    bad = await client.get("/api/v1/problems", params={"rung": 9})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "rung"]


async def test_drill_answers_are_for_admins_only(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    drill = {
        "title": "Which is assumed?",
        "drill_type": "spot_assumptions",
        "question": "Which?",
        "options": ["a", "b"],
        "correct_answer": "b",
        "explanation": "b is assumed",
    }
    bad = await client.post(
        "/api/v1/drills",
        json={**drill, "correct_answer": "c"},
        headers=tokens.headers("root", "admin"),
    )
    assert bad.status_code == 422
    created = await client.post(
        "/api/v1/drills", json=drill, headers=tokens.headers("root", "admin")
    )
    assert created.status_code == 201
    assert (await client.get("/api/v1/drills", headers=tokens.headers())).status_code == 403
    listed = await client.get(
        "/api/v1/drills", params={"limit": 100}, headers=tokens.headers("root", "admin")
    )
    # Other tests' drills share the catalogue: find this one.
    mine = [d for d in listed.json()["items"] if d["id"] == created.json()["id"]]
    assert [d["correct_answer"] for d in mine] == ["b"]


async def test_students_enrol_once_and_professors_edit_only_their_subject(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    admin = tokens.headers("root", "admin")
    subject = {
        "id": "alg-101",
        "name": "Algorithms",
        "description": "Patterns",
        "professor_id": "prof-1",
    }
    assert (await client.post("/api/v1/subjects", json=subject, headers=admin)).status_code == 201
    student = tokens.headers("stu-1")
    assert (await client.post("/api/v1/subjects", json=subject, headers=student)).status_code == 403
    first = await client.post("/api/v1/subjects/alg-101/enroll", headers=student)
    assert first.status_code == 201
    again = await client.post("/api/v1/subjects/alg-101/enroll", headers=student)
    assert again.status_code == 409
    enrolled = (await client.get("/api/v1/subjects/enrolled", headers=student)).json()
    assert [s["id"] for s in enrolled["items"]] == ["alg-101"]
    assert (enrolled["total"], enrolled["limit"], enrolled["offset"]) == (1, 20, 0)
    listed = (await client.get("/api/v1/subjects", headers=student)).json()
    assert listed["items"][0]["student_count"] == 1
    own = await client.patch(
        "/api/v1/subjects/alg-101",
        json={"description": "New"},
        headers=tokens.headers("prof-1", "professor"),
    )
    assert own.status_code == 200
    other = await client.patch(
        "/api/v1/subjects/alg-101",
        json={"description": "Mine"},
        headers=tokens.headers("prof-2", "professor"),
    )
    assert other.status_code == 403
