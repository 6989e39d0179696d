"""Feedback and Socratic turns from evaluation's results, against the real broker and database."""

from __future__ import annotations

import uuid

import httpx
import pytest

from contracts.topics import COACH_FEEDBACK
from servicekit.testing.events import events_for
from servicekit.testing.tokens import TokenFactory

from .conftest import Catalogue, eventually

pytestmark = pytest.mark.integration


async def _feedback(client: httpx.AsyncClient, submission_id: str, headers: dict[str, str]) -> dict:
    found = await eventually(
        lambda: client.get(
            f"/api/v1/coach/feedback?submission_id={submission_id}", headers=headers
        ),
        lambda r: r.status_code == 200,
    )
    return found.json()["items"][0]


async def test_a_failed_submission_gets_a_hint_quoting_its_failing_visible_test(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue, kafka_bootstrap: str
) -> None:
    student = str(uuid.uuid4())
    submission_id = await catalogue.failed_evaluation(student)
    feedback = await _feedback(client, submission_id, tokens.headers(student))
    assert feedback["type"] == "hint"
    assert "Test 2 failed" in feedback["content"]
    assert (
        "input `[[2, 7, 11, 15], 9]`, expected `[0, 1]`, your code returned `[1, 2]`"
        in feedback["content"]
    )
    assert "1 hidden test(s) failed" in feedback["content"]
    assert "SECRET-42" not in str(feedback)
    assert "HIDDEN-EXPECTED" not in str(feedback)
    assert feedback["answer"]["provider"] == "builtin"
    assert feedback["answer"]["prompt_version"] == "feedback.v1"
    announced = await events_for(kafka_bootstrap, COACH_FEEDBACK, submission_id)
    assert announced[0]["payload"]["feedback_id"] == feedback["id"]
    by_attempt = await client.get(
        f"/api/v1/coach/feedback?attempt_id={feedback['attempt_id']}",
        headers=tokens.headers(student),
    )
    assert by_attempt.json()["items"][0]["id"] == feedback["id"]


async def test_feedback_is_for_the_owner_their_professor_and_admins_only(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    student, professor = str(uuid.uuid4()), str(uuid.uuid4())
    subject_id = await catalogue.subject(professor_id=professor)
    await catalogue.enrol(subject_id, student)
    submission_id = await catalogue.failed_evaluation(student)
    await _feedback(client, submission_id, tokens.headers(student))
    url = f"/api/v1/coach/feedback?submission_id={submission_id}"
    await eventually(  # the enrolment may land after the result
        lambda: client.get(url, headers=tokens.headers(professor, role="professor")),
        lambda r: r.status_code == 200,
    )
    assert (await client.get(url, headers=tokens.headers(role="admin"))).status_code == 200
    assert (await client.get(url, headers=tokens.headers())).status_code == 404
    assert (await client.get(url, headers=tokens.headers(role="professor"))).status_code == 404
    both = await client.get(f"{url}&attempt_id=x", headers=tokens.headers(student))
    assert both.status_code == 422


async def test_socratic_turns_cite_the_failing_test_and_are_the_owners_only(
    client: httpx.AsyncClient, tokens: TokenFactory, catalogue: Catalogue
) -> None:
    student = str(uuid.uuid4())
    headers = tokens.headers(student)
    feedback = await _feedback(client, await catalogue.failed_evaluation(student), headers)
    url = f"/api/v1/coach/attempts/{feedback['attempt_id']}/socratic"
    opening = (await client.get(url, headers=headers)).json()
    assert opening["turns"] == []
    assert "input `[[2, 7, 11, 15], 9]`" in opening["next_question"]
    assert "`[1, 2]`" in opening["next_question"]
    answered = await client.post(
        url, json={"answer": "It returns the wrong indices"}, headers=headers
    )
    body = answered.json()
    assert [t["role"] for t in body["turns"]] == ["coach", "learner"]
    assert body["turns"][0]["content"] == opening["next_question"]
    assert body["next_question"] != opening["next_question"]
    assert (await client.get(url, headers=tokens.headers(role="admin"))).status_code == 404
    assert (
        await client.post(url, json={"answer": "x"}, headers=tokens.headers())
    ).status_code == 404


async def test_system_info_names_the_active_provider_and_model(client: httpx.AsyncClient) -> None:
    info = (await client.get("/api/v1/system/info")).json()
    assert info["llm_provider"] == "builtin"
    assert info["llm_model"] == "whetstone-coach-builtin-1"
