"""Scored answers and debug-lab test runs through the real broker, database and sandbox."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from contracts.catalogue import Subject
from contracts.content import ContentPublishedV2, StudentEnrolled
from contracts.practice import AnswerSubmitted, ProjectSpec, ProjectTestsRequested
from contracts.topics import EVALUATION_RESULTS
from servicekit.testing.events import EventPublisher, events_for
from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

STRONG_ANSWER = {
    "assumptions": "We assume 2,000 requests per second at peak and a 200 ms p99 budget.",
    "architecture": "Start simple: one service, PostgreSQL with a read replica, and a cache.",
    "trade_offs": (
        "A cache is faster but at the cost of stale reads, which is fine because prices rarely "
        "change. We use a replica instead of sharding since writes are few."
    ),
    "failure_scenarios": (
        "- The cache goes down: fall back to the database behind a rate limit.\n"
        "- A payment times out: retries carry an idempotency key.\n"
        "- Replica lag grows: an alert fires and reads move to the primary."
    ),
}
PROJECT_FILES = {
    "tests/__init__.py": "",
    "shop.py": "def total(prices):\n    return sum(prices[1:])\n",
    "tests/test_shop.py": (
        "import unittest\nfrom shop import total\n\n\nclass Shop(unittest.TestCase):\n"
        "    def test_empty(self):\n        self.assertEqual(total([]), 0)\n\n"
        "    def test_two(self):\n        self.assertEqual(total([2, 3]), 5)\n"
    ),
}
HIDDEN_FILES = {
    "tests/test_hidden.py": (
        "import unittest\nfrom shop import total\n\n\nclass Hidden(unittest.TestCase):\n"
        "    def test_one(self):\n        self.assertEqual(total([7]), 7)\n\n"
        "    def test_negative(self):\n        self.assertEqual(total([-1, 1]), 0)\n\n"
        "    def test_many(self):\n        self.assertEqual(total([1] * 10), 10)\n"
    ),
}
FIXED = {"shop.py": "def total(prices):\n    return sum(prices)\n"}


@pytest.fixture(autouse=True)
def running_service(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The service runs (and consumes) while its client is open."""
    return client


async def evaluate(bootstrap: str, event: AnswerSubmitted | ProjectTestsRequested) -> Any:
    async with EventPublisher(bootstrap) as publisher:
        await publisher.send(event, producer="practice")
    [completed] = await events_for(bootstrap, EVALUATION_RESULTS, event.submission_id)
    return completed["payload"]


def answer(kind: Any, answer: dict[str, Any], reference: dict[str, Any], user: str = "learner-1"):
    return AnswerSubmitted(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=user,
        kind=kind,
        answer=answer,
        reference=reference,
    )


def project(
    files: dict[str, str],
    hidden: dict[str, str],
    command: str = "python -m unittest discover -s tests -t . -v",
) -> ProjectTestsRequested:
    return ProjectTestsRequested(
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id="learner-1",
        project=ProjectSpec(
            item_id="py-shop-total",
            language="python",
            test_command=command,
            files=files,
            hidden_files=hidden,
        ),
    )


async def test_a_written_answer_is_scored_on_five_dimensions(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    concepts = ["read replica", "idempotency key", "cache invalidation"]
    payload = await evaluate(
        kafka_bootstrap, answer("written", STRONG_ANSWER, {"expected_concepts": concepts})
    )
    assert payload["kind"] == "written"
    assert payload["status"] == "succeeded"
    assert set(payload["score_breakdown"]) == {
        "clarity",
        "constraints_awareness",
        "trade_off_reasoning",
        "failure_anticipation",
        "simplicity",
    }
    assert all(0 <= v <= 10 for v in payload["score_breakdown"].values())
    assert payload["feedback"]["concepts_missing"] == ["cache invalidation"]
    assert any("idempotency" in e for e in payload["feedback"]["evidence"]["failure_anticipation"])

    run = await client.get(
        f"/api/v1/evaluations/{payload['evaluation_id']}", headers=tokens.headers("learner-1")
    )
    assert run.json()["evaluation_run"]["score"] == payload["score"]


async def test_a_design_is_scored_against_its_rubric(kafka_bootstrap: str) -> None:
    rubric = {
        "components": [
            {"name": "load balancer", "keywords": ["lb"], "weight": 2, "why": "spreads load"},
            {"name": "message queue", "keywords": ["kafka"], "weight": 1, "why": "absorbs bursts"},
        ],
        "trade_offs": [{"name": "consistency vs latency", "keywords": ["eventual"], "weight": 1}],
    }
    design = {"description": "Clients hit an LB in front of two app servers.", "diagram_labels": []}
    payload = await evaluate(kafka_bootstrap, answer("design", design, {"rubric": rubric}))
    feedback = payload["feedback"]
    assert feedback["components_covered"] == ["load balancer"]
    assert feedback["missing_components"] == ["message queue"]
    assert payload["score_breakdown"] == {"components": pytest.approx(46.7), "trade_offs": 0.0}
    assert any("message queue" in line for line in feedback["improvements"])


async def test_bug_hunt_and_triage_answers_are_scored(kafka_bootstrap: str) -> None:
    reference = {"bug_lines": [5], "expected_concepts": ["off-by-one"]}
    found = await evaluate(
        kafka_bootstrap,
        answer("bug_hunt", {"selected_lines": [5], "explanation": "An off by one."}, reference),
    )
    missed = await evaluate(
        kafka_bootstrap,
        answer("bug_hunt", {"selected_lines": [2], "explanation": "Looks odd."}, reference),
    )
    assert (found["feedback"]["result"], found["score"], found["summary"]["passed"]) == (
        "CORRECT",
        100.0,
        True,
    )
    assert (missed["feedback"]["result"], missed["summary"]["passed"]) == ("INCORRECT", False)

    item = {
        "defect_category": "Concurrency",
        "severity": "Major",
        "priority": "High",
        "expected_first_actions": ["reproduce", "add a failing test"],
    }
    triage = {
        "category": "Concurrency",
        "severity": "Critical",
        "priority": "High",
        "first_actions": "Reproduce it under load, then add a failing test for the interleaving.",
    }
    scored = await evaluate(kafka_bootstrap, answer("triage", triage, item))
    assert scored["score_breakdown"] == {
        "category": 40.0,
        "severity": 10.0,
        "priority": 15.0,
        "actions": 20.0,
    }
    assert scored["feedback"]["actions_matched"] == ["reproduce", "add a failing test"]


async def test_an_unscorable_answer_fails_cleanly(kafka_bootstrap: str) -> None:
    broken = answer("bug_hunt", {"selected_lines": ["not a line"], "explanation": ""}, {})
    payload = await evaluate(kafka_bootstrap, broken)
    assert (payload["status"], payload["verdict"]) == ("failed", "internal_error")
    assert "cannot score" in payload["explanation"]


async def test_a_debug_lab_fails_as_shipped_and_passes_with_the_fix(kafka_bootstrap: str) -> None:
    shipped = await evaluate(kafka_bootstrap, project(PROJECT_FILES, {}))
    visible = shipped["feedback"]["visible"]
    assert shipped["verdict"] == "wrong_answer"
    assert (visible["signal_type"], visible["tests_passed"], visible["tests_total"]) == (
        "test_failure",
        1,
        2,
    )
    assert "test_two" in visible["stderr"]
    assert shipped["feedback"]["hidden"] is None

    fixed = await evaluate(kafka_bootstrap, project({**PROJECT_FILES, **FIXED}, HIDDEN_FILES))
    assert fixed["verdict"] == "accepted"
    assert fixed["summary"]["tests_total"] == 5
    assert fixed["feedback"]["visible"]["passed"] is True
    assert fixed["feedback"]["hidden"] == {"passed": True, "tests_passed": 3, "tests_total": 3}
    # The hidden tests' names and output never reach the learner.
    assert "test_hidden" not in str(fixed["feedback"])


async def test_hidden_tests_catch_a_fix_that_only_satisfies_the_visible_ones(
    kafka_bootstrap: str,
) -> None:
    gamed = {"shop.py": "def total(prices):\n    return 5 if prices else 0\n"}
    payload = await evaluate(kafka_bootstrap, project({**PROJECT_FILES, **gamed}, HIDDEN_FILES))
    assert payload["feedback"]["visible"]["passed"] is True
    assert payload["feedback"]["hidden"]["passed"] is False
    assert payload["verdict"] == "wrong_answer"


async def test_a_plain_test_script_passes_by_exiting_0_whatever_it_prints(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    script = {
        "test_shop.py": (
            "import sys\nfrom shop import total\n\nassert total([2, 3]) == 5\n"
            "print('total([2, 3]) == 5: ok')\nprint('FAILED (failures=abc)', file=sys.stderr)\n"
        )
    }
    files = {**PROJECT_FILES, **FIXED, **script}
    payload = await evaluate(kafka_bootstrap, project(files, {}, "python3 test_shop.py"))
    assert (payload["status"], payload["verdict"]) == ("succeeded", "accepted")
    assert payload["feedback"]["visible"]["signal_type"] == "success"
    assert (payload["summary"]["tests_passed"], payload["summary"]["tests_total"]) == (1, 1)
    stored = await client.get(
        f"/api/v1/evaluations/{payload['evaluation_id']}", headers=tokens.headers("learner-1")
    )
    assert stored.json()["evaluation_run"]["verdict"] == "accepted"


async def test_a_professor_reads_the_runs_of_their_subjects_students_only(
    client: httpx.AsyncClient, kafka_bootstrap: str, tokens: TokenFactory
) -> None:
    subject, student, outsider = f"s-{uuid.uuid4().hex[:6]}", "student-7", "student-8"
    async with EventPublisher(kafka_bootstrap) as publisher:
        await publisher.send(
            ContentPublishedV2(
                content_type="subject",
                content_id=subject,
                revision=1,
                item=Subject(id=subject, name="Algorithms", professor_id="prof-1"),
            )
        )
        await publisher.send(StudentEnrolled(subject_id=subject, user_id=student))
    mine = await evaluate(kafka_bootstrap, answer("bug_hunt", {}, {"bug_lines": [1]}, student))
    theirs = await evaluate(kafka_bootstrap, answer("bug_hunt", {}, {"bug_lines": [1]}, outsider))

    professor = tokens.headers("prof-1", role="professor")
    for _ in range(100):  # the catalogue topic is consumed on its own: it may trail a little
        seen = await client.get(f"/api/v1/evaluations/{mine['evaluation_id']}", headers=professor)
        if seen.status_code == 200:
            break
        await asyncio.sleep(0.1)
    unseen = await client.get(f"/api/v1/evaluations/{theirs['evaluation_id']}", headers=professor)
    assert seen.status_code == 200
    assert seen.json()["evaluation_run"]["user_id"] == student
    assert unseen.status_code == 404
    other_professor = tokens.headers("prof-2", role="professor")
    hidden = await client.get(
        f"/api/v1/evaluations/{mine['evaluation_id']}", headers=other_professor
    )
    assert hidden.status_code == 404
    listed = await client.get("/api/v1/evaluations", headers=professor)
    assert {r["user_id"] for r in listed.json()["items"]} == {student}
