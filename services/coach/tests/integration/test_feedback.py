"""Feedback and Socratic turns from evaluation's results, against the real broker and database."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlmodel import select

from coach.config import Settings
from coach.db.tables import SubmittedCode
from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec
from contracts.topics import COACH_FEEDBACK
from servicekit.db import Database
from servicekit.testing.events import EventPublisher, events_for
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
    carried = announced[0]["payload"]["feedback"]
    assert (carried["text"], carried["type"]) == (feedback["content"], "hint")
    assert (carried["provider"], carried["prompt_version"]) == ("builtin", "feedback.v1")
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


async def test_equivalent_code_gets_the_feedback_written_for_the_first_and_says_so(
    client: httpx.AsyncClient, tokens: TokenFactory, publisher: EventPublisher, settings: Settings
) -> None:
    original = "def add(a, b):\n    return a - b  # oops\n"
    renamed = "def add(x, y):\n\n    return x - y\n"
    submissions = [_code_submission(code) for code in (original, renamed)]
    for submission in submissions:
        await publisher.send(submission, producer="practice")
    database = Database(settings.database_url)
    try:
        for _ in range(300):  # until coach has read both submissions off the broker
            async with database.session() as session:
                known = await session.exec(select(SubmittedCode))
                if {c.submission_id for c in known.all()} >= {s.submission_id for s in submissions}:
                    break
            await asyncio.sleep(0.1)
    finally:
        await database.dispose()
    found = []
    for submission in submissions:
        await publisher.send(_wrong(submission), producer="evaluation")
        found.append(
            await _feedback(client, submission.submission_id, tokens.headers(submission.user_id))
        )
    assert found[0]["reused"] is False
    assert found[1]["reused"] is True
    assert found[1]["reused_from"] == found[0]["id"]
    assert found[1]["content"] == found[0]["content"]


def _code_submission(code: str) -> SubmissionCreated:
    return SubmissionCreated(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=str(uuid.uuid4()),
        language="python",
        code=code,
        problem=CodeProblemSpec(
            problem_id="add",
            execution=ExecutionSpec(mode="function", entry_point="add"),
            tests=(TestSpec(input=[1, 2], expected_output=3),),
        ),
    )


def _wrong(submission: SubmissionCreated) -> EvaluationCompleted:
    return EvaluationCompleted(
        evaluation_id=str(uuid.uuid4()),
        submission_id=submission.submission_id,
        attempt_id=submission.attempt_id,
        user_id=submission.user_id,
        status="succeeded",
        verdict="wrong_answer",
        summary=EvaluationSummary(passed=False, tests_passed=0, tests_total=1),
        test_results=(
            TestOutcome(
                test_index=0,
                is_hidden=False,
                passed=False,
                verdict="wrong_answer",
                input=[1, 2],
                expected=3,
                actual=-1,
            ),
        ),
    )
