"""The tutor against the real broker and database: enrolment, sessions, citations, limits."""

from __future__ import annotations

import uuid

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

from .conftest import Catalogue, eventually

pytestmark = pytest.mark.integration


async def _enrolled_student(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> tuple[str, dict[str, str]]:
    student = str(uuid.uuid4())
    subject_id = await catalogue.subject(professor_id=str(uuid.uuid4()))
    await catalogue.enrol(subject_id, student)
    headers = tokens.headers(student)
    await eventually(
        lambda: client.post(
            "/api/v1/chat", json={"subject_id": subject_id, "message": "hello"}, headers=headers
        ),
        lambda r: r.status_code == 200,
    )
    return subject_id, headers


async def test_an_enrolled_students_chat_cites_the_subjects_guide(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    subject_id, headers = await _enrolled_student(client, tokens, catalogue)
    answer = await client.post(
        "/api/v1/chat",
        json={"subject_id": subject_id, "message": "What is the time complexity of quicksort?"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["message"]["citations"][0]["heading"] == "Quicksort"
    assert body["message"]["citations"][0]["source_id"] == subject_id
    assert "O(n log n)" in body["response"]
    record = body["message"]["answer"]
    assert record["provider"] == "builtin"
    assert record["prompt_version"] == "tutor.v1"

    again = await client.post(
        "/api/v1/chat",
        json={
            "subject_id": subject_id,
            "message": "And binary search?",
            "session_id": body["session_id"],
        },
        headers=headers,
    )
    assert again.json()["session_id"] == body["session_id"]
    detail = await client.get(f"/api/v1/chat/sessions/{body['session_id']}", headers=headers)
    assert [m["role"] for m in detail.json()["messages"]] == ["user", "assistant"] * 2
    listed = await client.get("/api/v1/chat/sessions", headers=headers)
    assert listed.json()["total"] == 2  # the first "hello" started its own session


async def test_a_student_not_enrolled_is_refused_and_the_professor_is_let_in(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    professor = str(uuid.uuid4())
    subject_id = await catalogue.subject(professor_id=professor)
    as_professor = tokens.headers(professor, role="professor")
    await eventually(
        lambda: client.post(
            "/api/v1/chat",
            json={"subject_id": subject_id, "message": "quicksort"},
            headers=as_professor,
        ),
        lambda r: r.status_code == 200,
    )
    outsider = await client.post(
        "/api/v1/chat",
        json={"subject_id": subject_id, "message": "quicksort"},
        headers=tokens.headers(str(uuid.uuid4())),
    )
    assert outsider.status_code == 403
    assert outsider.json()["code"] == "NOT_ENROLLED"
    other_professor = await client.post(
        "/api/v1/chat",
        json={"subject_id": subject_id, "message": "quicksort"},
        headers=tokens.headers(str(uuid.uuid4()), role="professor"),
    )
    assert other_professor.status_code == 403


async def test_another_users_session_is_missing_and_the_owner_can_delete_it(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    _subject_id, headers = await _enrolled_student(client, tokens, catalogue)
    session_id = (await client.get("/api/v1/chat/sessions", headers=headers)).json()["items"][0][
        "id"
    ]
    stranger = tokens.headers(str(uuid.uuid4()), role="admin")
    assert (
        await client.get(f"/api/v1/chat/sessions/{session_id}", headers=stranger)
    ).status_code == 404
    assert (
        await client.delete(f"/api/v1/chat/sessions/{session_id}", headers=stranger)
    ).status_code == 404
    assert (
        await client.delete(f"/api/v1/chat/sessions/{session_id}", headers=headers)
    ).status_code == 204
    assert (
        await client.get(f"/api/v1/chat/sessions/{session_id}", headers=headers)
    ).status_code == 404


async def test_the_eleventh_message_in_a_minute_waits(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    subject_id, headers = await _enrolled_student(client, tokens, catalogue)  # message 1
    statuses = [
        (
            await client.post(
                "/api/v1/chat",
                json={"subject_id": subject_id, "message": f"quicksort {n}"},
                headers=headers,
            )
        ).status_code
        for n in range(10)
    ]
    assert statuses == [200] * 9 + [429]
    limited = await client.post(
        "/api/v1/chat", json={"subject_id": subject_id, "message": "again"}, headers=headers
    )
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


async def test_asking_for_a_solution_is_refused_with_guidance(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    subject_id, headers = await _enrolled_student(client, tokens, catalogue)
    answer = await client.post(
        "/api/v1/chat",
        json={
            "subject_id": subject_id,
            "message": "Give me the full solution to the quicksort task",
        },
        headers=headers,
    )
    body = answer.json()
    assert body["message"]["refused"] is True
    assert "can't give you the solution" in body["response"]
    assert body["message"]["citations"], "it still points to the guide"


async def test_a_message_too_long_is_refused(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    answer = await client.post(
        "/api/v1/chat", json={"subject_id": "s", "message": "x" * 4001}, headers=tokens.headers()
    )
    assert answer.status_code == 422
