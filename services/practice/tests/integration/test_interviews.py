"""Mock interviews against the real broker and database: the catalogue arrives as events, the
coding challenge is judged through the submission path, every step is announced in order."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from fastapi import FastAPI

from contracts.topics import INTERVIEW_EVENTS
from practice.db.repositories import ContentViews
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

GOOD = (
    "A hash map keeps an array of buckets. The hash function turns the key into an index, so "
    "a lookup goes straight to one bucket. When two keys land in the same bucket we have a "
    "collision, handled by chaining or open addressing. While the load factor stays low the "
    "lookup is constant time on average. When the table gets too full it is resized and every "
    "entry is rehashed. In the worst case, when many keys collide, a lookup takes linear time."
)
SOLUTION = "def echo(value):\n    return value\n"


async def publish_catalogue(harness: Any, app: FastAPI, topic: str) -> tuple[str, str]:
    """A question and a coding problem on a topic no other test uses; waits until known."""
    question_id = await harness.publish(
        "question",
        "question",
        type="theory",
        difficulty="medium",
        category=topic,
        topics=[topic],
        title="How fast is a hash map lookup?",
        text="Explain how a hash map finds a key and when a lookup stops being constant time.",
        hints=["What happens when two keys land in the same position?"],
        follow_ups=["Compare chaining with open addressing."],
        expected_concepts=["hash function", "collision", "load factor", "resizing", "worst case"],
    )
    problem_id = await harness.publish(
        "problem",
        "coding",
        title="Echo",
        description="Return the argument unchanged.",
        difficulty="medium",
        category=topic,
        execution={"mode": "function", "entry_point": "echo"},
        tests=[{"input": [1], "expected_output": 1}],
    )
    for _ in range(200):
        async with app.state.runtime.unit_of_work() as uow:
            views = ContentViews(uow.session)
            if await views.get(question_id) and await views.get(problem_id):
                return question_id, problem_id
        await asyncio.sleep(0.1)
    raise AssertionError("the catalogue never reached practice's read model")


async def test_an_interview_from_start_to_report_with_its_events_in_sequence(
    harness: Any, tokens: TokenFactory, app: FastAPI
) -> None:
    client, auth = harness.client, tokens.headers(f"candidate-{uuid.uuid4().hex[:8]}")
    topic = f"topic-{uuid.uuid4().hex[:8]}"
    question_id, problem_id = await publish_catalogue(harness, app, topic)
    body = {
        "mode": "technical",
        "job_type": "Backend Engineer",
        "difficulty": "medium",
        "duration": 15,
        "language": "python",
        "include_coding": True,
        "topics": [topic],
    }
    started = await client.post("/api/v1/interviews", json=body, headers=auth)
    assert started.status_code == 201, started.text
    interview = started.json()["interview"]
    assert (interview["status"], interview["question_count"]) == ("pending", 2)
    assert started.json()["next_action"]["type"] == "intro"
    path = f"/api/v1/interviews/{interview['id']}"
    detail = (await client.get(path, headers=auth)).json()
    assert detail["user_id"] == interview["user_id"]
    assert detail["coding_challenge"]["challenge_id"] == problem_id
    assert detail["coding_challenge"]["status"] == "pending"
    other = tokens.headers("someone-else")
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.post(f"{path}/questions/next", headers=other)).status_code == 404

    first = await client.post(f"{path}/questions/next", headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["question"]["question_id"] == question_id
    assert "expected_concepts" not in first.text
    assert first.json()["session"]["current_index"] == 1
    answered = await client.post(
        f"{path}/answers",
        json={"question_id": question_id, "answer_text": GOOD, "response_time": 120},
        headers=auth,
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["answer"]["scores"]["completeness"] >= 70
    assert answered.json()["ai_response"]["sentiment"] == "positive"
    assert answered.json()["next_action"]["type"] == "follow_up"

    second = (await client.post(f"{path}/questions/next", headers=auth)).json()
    assert (second["question"]["question_id"], second["question"]["kind"]) == (
        problem_id,
        "coding_challenge",
    )
    coded = await client.post(
        f"{path}/answers",
        json={
            "question_id": problem_id,
            "answer_text": "I return the argument as it came in, which is all the problem asks.",
            "code_submission": {
                "language": "python",
                "code": SOLUTION,
                "approach_explanation": "Nothing to compute: the value is returned unchanged.",
            },
            "response_time": 200,
        },
        headers=auth,
    )
    assert coded.status_code == 200, coded.text
    submission_id = coded.json()["answer"]["evaluation"]["submission_id"]
    [sent] = await harness.announced_for(submission_id)
    assert sent["event_type"] == "practice.submission_created"
    await harness.evaluate(sent, "code", passed=True)
    judged = await harness.until(
        path, auth, lambda d: (d["coding_challenge"]["evaluation"] or {}).get("verdict")
    )
    assert judged["coding_challenge"]["evaluation"]["verdict"] == "accepted"
    assert judged["questions"][1]["scores"]["correctness"] == 100

    done = await client.post(f"{path}/complete", headers=auth)
    assert done.status_code == 200, done.text
    feedback = done.json()["feedback"]
    assert feedback["overall_score"] > 50
    assert 0 <= feedback["percentile_rank"] <= 100
    assert done.json()["transcript"]["download_url"] == f"{path}/transcript"
    late = await client.post(
        f"{path}/answers",
        json={"question_id": problem_id, "answer_text": "more", "response_time": 1},
        headers=auth,
    )
    assert (late.status_code, late.json()["code"]) == (409, "INVALID_STATE")
    assert (await client.post(f"{path}/questions/next", headers=auth)).status_code == 409

    markdown = await client.get(f"{path}/transcript", headers=auth)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "How fast is a hash map lookup?" in markdown.text
    assert "## Report" in markdown.text
    as_json = await client.get(f"{path}/transcript", params={"format": "json"}, headers=auth)
    assert as_json.json()["feedback"]["feedback_id"] == feedback["feedback_id"]

    events = await harness.announced(
        lambda e: e["key"] == interview["id"], count=8, topic=INTERVIEW_EVENTS
    )
    payloads = [e["payload"] for e in events]
    assert [p["sequence"] for p in payloads] == list(range(1, 9))
    assert [p["type"] for p in payloads] == [
        "question_presented",
        "typing_indicator",
        "answer_evaluated",
        "question_presented",
        "typing_indicator",
        "answer_evaluated",
        "answer_evaluated",  # the verdict folded in
        "session_completed",
    ]
    listed = await client.get(
        "/api/v1/interviews", params={"status": "completed", "mode": "technical"}, headers=auth
    )
    assert [i["id"] for i in listed.json()["items"]] == [interview["id"]]


async def test_bounds_and_the_cap_on_open_interviews(
    harness: Any, tokens: TokenFactory, settings: Any
) -> None:
    client, auth = harness.client, tokens.headers(f"bounded-{uuid.uuid4().hex[:8]}")
    body: dict[str, Any] = {"mode": "behavioral", "job_type": "Engineer", "duration": 10}
    wrongs = (
        {"mode": "chatty"},
        {"duration": 5},
        {"topics": ["x"] * 11},
        {"job_type": "   "},
        {"extra": 1},
    )
    for wrong in wrongs:
        refused = await client.post("/api/v1/interviews", json=body | wrong, headers=auth)
        assert refused.status_code == 422, wrong
    for _ in range(settings.max_open_interviews):
        assert (await client.post("/api/v1/interviews", json=body, headers=auth)).status_code == 201
    over = await client.post("/api/v1/interviews", json=body, headers=auth)
    assert (over.status_code, over.json()["code"]) == (409, "TOO_MANY_OPEN_INTERVIEWS")
    first = (await client.get("/api/v1/interviews", headers=auth)).json()["items"][0]
    huge = "é" * 19_000  # under the character bound, over the byte bound
    too_big = await client.post(
        f"/api/v1/interviews/{first['id']}/answers",
        json={"question_id": "q", "answer_text": huge, "response_time": 1},
        headers=auth,
    )
    assert too_big.status_code == 413
