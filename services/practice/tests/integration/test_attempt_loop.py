"""The coding loop through practice's app with the real broker: gate, hints, reflection,
completion with a score, skills, the next problem and a new attempt."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

from .conftest import Harness

pytestmark = pytest.mark.integration

INVARIANT = "The running prefix total minus an earlier total gives any range sum."
GATE = {
    "step_type": "THINKING_GATE",
    "selected_pattern": "PREFIX_SUM",
    "stated_invariant": "Each running prefix total minus an earlier one seen before is a range.",
}
LADDER = [
    {"level": level, "text": f"{level} text"}
    for level in (
        "DIRECTIONAL_QUESTION",
        "HEURISTIC_HINT",
        "CONCEPT_INJECTION",
        "MICRO_EXAMPLE",
        "PATCH_SNIPPET",
    )
]


async def publish(harness: Harness, **extra: Any) -> str:
    item: dict[str, Any] = {
        "title": "Range totals",
        "description": "Answer range sums.",
        "pattern": "PREFIX_SUM",
        "rung": 1,
        "execution": {"mode": "function", "entry_point": "total"},
        "tests": [{"input": [[1, 2]], "expected_output": 3}],
        "invariant": INVARIANT,
        "hints": LADDER,
    }
    return await harness.publish("problem", "coding", **{**item, **extra})


async def started(harness: Harness, auth: dict[str, str], problem_id: str) -> dict[str, Any]:
    response = await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/attempts", json={"problem_id": problem_id}, headers=auth
        )
    )
    assert response.status_code in (200, 201), response.text
    attempt: dict[str, Any] = response.json()["attempt"]
    return attempt


async def step(
    client: httpx.AsyncClient, auth: dict[str, str], attempt_id: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(f"/api/v1/attempts/{attempt_id}/steps", json=body, headers=auth)


async def judged(harness: Harness, auth: dict[str, str], attempt_id: str, passed: bool) -> None:
    """Submit code, play evaluation's verdict, and hold until practice has recorded it."""
    client = harness.client
    sent = await client.post(
        f"/api/v1/attempts/{attempt_id}/submissions",
        json={"code": "def total(xs): return 3", "language": "python"},
        headers=auth,
    )
    assert sent.status_code == 202, sent.text
    submission = sent.json()["submission"]
    await harness.evaluate(submission, "code", passed=passed)
    held = await client.get(
        f"/api/v1/submissions/{submission['id']}", params={"wait": 20}, headers=auth
    )
    assert held.json()["submission"]["evaluated_at"] is not None


async def test_the_whole_loop_ends_completed_with_a_score_and_a_skill(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-1")
    problem_id = await publish(harness)
    attempt = await started(harness, auth, problem_id)
    attempt_id = attempt["id"]
    assert attempt["state"] == "THINKING_GATE"

    early = await client.post(
        f"/api/v1/attempts/{attempt_id}/submissions",
        json={"code": "x", "language": "python"},
        headers=auth,
    )
    assert early.status_code == 409
    assert early.json()["code"] == "INVALID_STATE"

    wrong = await step(client, auth, attempt_id, {**GATE, "selected_pattern": "HEAP"})
    assert wrong.status_code == 200
    body = wrong.json()
    assert body["passed"] is False
    assert body["step"]["result"] == "FAIL"
    assert body["attempt"]["state"] == "THINKING_GATE"
    assert body["validation"]["errors"]
    assert "PREFIX_SUM" not in " ".join(body["validation"]["errors"])
    vague = await step(
        client, auth, attempt_id, {**GATE, "stated_invariant": "I add up prefix totals."}
    )
    assert vague.json()["passed"] is False
    assert "range is a difference of totals" in " ".join(vague.json()["validation"]["errors"])
    cleared = (await step(client, auth, attempt_id, GATE)).json()
    assert cleared["passed"] is True
    assert cleared["attempt"]["state"] == "CODING"
    assert cleared["attempt"]["gate_failures"] == 2

    first = (await client.post(f"/api/v1/attempts/{attempt_id}/hints", headers=auth)).json()
    assert first["hint"] == {
        "level": "DIRECTIONAL_QUESTION",
        "text": "DIRECTIONAL_QUESTION text",
        "cost": 10,
    }
    assert first["budget"] == {"spent": 10, "remaining": 90, "total": 100, "exhausted": False}
    second = (await client.post(f"/api/v1/attempts/{attempt_id}/hints", headers=auth)).json()
    assert second["budget"]["spent"] == 30
    assert second["attempt"]["hints_used"] == ["DIRECTIONAL_QUESTION", "HEURISTIC_HINT"]
    assert second["is_last_hint"] is False

    await judged(harness, auth, attempt_id, passed=False)
    shown = (await client.get(f"/api/v1/attempts/{attempt_id}", headers=auth)).json()
    assert shown["attempt"]["state"] == "REFLECTION"
    options = [o["id"] for o in shown["reflection"]["options"]]
    assert shown["reflection"]["verdict"] == "wrong_answer"
    assert "edge_case" in options
    still = await client.post(
        f"/api/v1/attempts/{attempt_id}/submissions",
        json={"code": "x", "language": "python"},
        headers=auth,
    )
    assert still.status_code == 409
    unknown = await step(
        client, auth, attempt_id, {"step_type": "REFLECTION", "selected_option_id": "nope"}
    )
    assert unknown.status_code == 422
    reflected = await step(
        client, auth, attempt_id, {"step_type": "REFLECTION", "selected_option_id": options[0]}
    )
    assert reflected.json()["attempt"]["state"] == "CODING"

    await judged(harness, auth, attempt_id, passed=True)
    shown = (await client.get(f"/api/v1/attempts/{attempt_id}", headers=auth)).json()
    assert shown["attempt"]["state"] == "SUCCESS_REFLECTION"
    late_hint = await client.post(f"/api/v1/attempts/{attempt_id}/hints", headers=auth)
    assert late_hint.status_code == 409
    done = await step(
        client,
        auth,
        attempt_id,
        {
            "step_type": "SUCCESS_REFLECTION",
            "confidence_rating": 4,
            "learned_insight": "A range is a difference of two prefixes.",
            "improvement_note": "Think of the empty prefix.",
        },
    )
    assert done.status_code == 200, done.text
    finished = done.json()
    assert finished["attempt"]["state"] == "COMPLETED"
    assert finished["attempt"]["completed_at"] is not None
    score = finished["score"]
    assert set(score) == {
        "overall",
        "pattern_recognition",
        "implementation",
        "edge_cases",
        "efficiency",
    }
    assert score["pattern_recognition"] == 0.5  # two failed gates
    assert score["implementation"] == 0.85  # one failed submission
    assert 0 < score["overall"] < 1  # hints spent 30 of 100
    assert finished["attempt"]["score"] == score["overall"]

    skills = (await client.get("/api/v1/skills", headers=auth)).json()
    [skill] = skills["skills"]
    assert (skill["pattern"], skill["rung"], skill["attempts_count"]) == ("PREFIX_SUM", 1, 1)
    assert skill["score"] == score["overall"]
    assert skills["recommended_next"]["pattern"] == "PREFIX_SUM"  # below the threshold

    adversary = f"/api/v1/attempts/{attempt_id}/adversary"
    challenge = (await client.get(adversary, headers=auth)).json()["challenge"]
    assert challenge["prompt"].startswith("Range totals, changed:")
    assert (challenge["completed"], challenge["user_response"]) == (False, None)
    assert (await client.get(adversary, headers=auth)).json()["challenge"] == challenge
    body = {"step_id": challenge["step_id"], "response": "Keep a Fenwick tree of totals."}
    answered = (await client.post(adversary, json=body, headers=auth)).json()
    assert answered["success"] is True
    assert answered["challenge"]["completed"] is True
    twice = await client.post(adversary, json={**body, "response": "again"}, headers=auth)
    assert twice.status_code == 409
    assert twice.json()["code"] == "ALREADY_COMPLETED"

    again = await client.post("/api/v1/attempts", json={"problem_id": problem_id}, headers=auth)
    assert again.status_code == 201
    assert again.json()["attempt"]["id"] != attempt_id
    assert again.json()["attempt"]["state"] == "THINKING_GATE"


async def test_hints_end_at_the_budget_and_patch_is_only_bought(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-2")
    problem_id = await publish(harness)
    attempt = await started(harness, auth, problem_id)
    shown = (await client.get(f"/api/v1/attempts/{attempt['id']}", headers=auth)).json()
    assert "PATCH_SNIPPET" not in {h["level"] for h in shown["problem"]["hints"]}
    answers = [
        (await client.post(f"/api/v1/attempts/{attempt['id']}/hints", headers=auth)).json()
        for _ in range(4)
    ]
    assert answers[-1]["budget"] == {"spent": 100, "remaining": 0, "total": 100, "exhausted": True}
    assert answers[-1]["is_last_hint"] is True
    over = await client.post(f"/api/v1/attempts/{attempt['id']}/hints", headers=auth)
    assert over.status_code == 409
    assert over.json()["code"] == "HINT_BUDGET_EXHAUSTED"


async def test_an_abandoned_attempt_takes_nothing_and_a_new_one_starts(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-3")
    problem_id = await publish(harness, hints=LADDER[:1])
    attempt = await started(harness, auth, problem_id)
    taken = await client.post(f"/api/v1/attempts/{attempt['id']}/hints", headers=auth)
    assert taken.json()["is_last_hint"] is True
    none_left = await client.post(f"/api/v1/attempts/{attempt['id']}/hints", headers=auth)
    assert none_left.json()["code"] == "NO_MORE_HINTS"
    abandoned = await client.post(f"/api/v1/attempts/{attempt['id']}/abandon", headers=auth)
    assert abandoned.json()["state"] == "ABANDONED"
    gate = await step(client, auth, attempt["id"], GATE)
    assert gate.status_code == 409
    assert gate.json()["code"] == "INVALID_STATE"
    fresh = await started(harness, auth, problem_id)
    assert fresh["id"] != attempt["id"]
    early = await client.get(f"/api/v1/attempts/{fresh['id']}/adversary", headers=auth)
    assert early.status_code == 409
    assert early.json()["code"] == "INVALID_STATE"


async def test_the_next_problem_follows_the_filters_and_prefers_unsolved_ones(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-4")
    problem_id = await publish(harness, rung=5, pattern="UNION_FIND", invariant=None)
    await started(harness, auth, problem_id)  # known to practice now
    chosen = await client.get(
        "/api/v1/problems/next", params={"pattern": "UNION_FIND", "rung": 5}, headers=auth
    )
    assert chosen.status_code == 200, chosen.text
    body = chosen.json()
    assert body["problem"]["pattern"] == "UNION_FIND"
    assert body["problem"]["rung"] == 5
    assert "invariant" not in body["problem"]
    assert body["reason"]
    assert all(not t["is_hidden"] for t in body["problem"]["tests"])
    bad = await client.get("/api/v1/problems/next", params={"rung": 9}, headers=auth)
    assert bad.status_code == 422
    empty = (await client.get("/api/v1/skills", headers=auth)).json()
    assert empty["skills"] == []
    assert empty["recommended_next"]["reason"] == "Expand your pattern repertoire"


async def test_a_shaky_pattern_is_challenged_and_changing_it_passes(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-5")
    attempt = await started(harness, auth, await publish(harness))
    base = f"/api/v1/attempts/{attempt['id']}/pattern-challenge"
    sound = {"selected_pattern": "PREFIX_SUM", "stated_invariant": GATE["stated_invariant"]}
    calm = (await client.post(f"{base}/check", json=sound, headers=auth)).json()
    assert calm == {"should_challenge": False, "challenge": None}
    shaky = {**sound, "selected_pattern": "GREEDY"}
    checked = (await client.post(f"{base}/check", json=shaky, headers=auth)).json()
    assert checked["should_challenge"] is True
    challenge = checked["challenge"]
    assert challenge["mode"] == "COUNTEREXAMPLE"
    assert challenge["counterexample"] == "input [[1, 2]] should give 3"
    assert "PREFIX_SUM" in challenge["suggested_alternatives"]
    changed = {
        "step_id": challenge["step_id"],
        "response": "Ranges are differences of prefixes, not greedy picks.",
        "decision": "CHANGE_PATTERN",
        "new_pattern": "PREFIX_SUM",
    }
    answered = (await client.post(f"{base}/respond", json=changed, headers=auth)).json()
    assert answered["step"]["result"] == "PASS"
    assert answered["attempt"]["state"] == "THINKING_GATE"
    again = await client.post(f"{base}/respond", json=changed, headers=auth)
    assert again.json()["code"] == "ALREADY_COMPLETED"
    second = (await client.post(f"{base}/check", json=shaky, headers=auth)).json()
    skipped = await client.post(
        f"{base}/skip", json={"step_id": second["challenge"]["step_id"]}, headers=auth
    )
    assert skipped.json()["step"]["result"] == "SKIP"
    kept_wrong = {**changed, "decision": "KEEP_PATTERN"}
    assert (await client.post(f"{base}/respond", json=kept_wrong, headers=auth)).status_code == 422


async def test_pattern_discovery_converges_on_the_problems_pattern(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-6")
    attempt = await started(harness, auth, await publish(harness))
    base = f"/api/v1/attempts/{attempt['id']}/pattern-discovery"
    opened = (await client.post(f"{base}/start", json={"mode": "SOCRATIC"}, headers=auth)).json()
    assert opened["mode"] == "SOCRATIC"
    assert "Range totals" in opened["question"]
    step_id, question_id = opened["step_id"], opened["question_id"]
    unclear = {"step_id": step_id, "question_id": question_id, "answer": "hmm"}
    asked_again = (await client.post(f"{base}/answer", json=unclear, headers=auth)).json()
    assert asked_again["next_question_id"] == question_id
    assert len(asked_again["qa_log"]) == 1
    truth = {"contiguous", "range_totals"}  # what a PREFIX_SUM problem answers yes to
    progress = asked_again
    while not progress["completed"]:
        qid = progress["next_question_id"]
        body = {"step_id": step_id, "question_id": qid, "answer": "yes" if qid in truth else "no"}
        progress = (await client.post(f"{base}/answer", json=body, headers=auth)).json()
    assert progress["discovered_pattern"] == "PREFIX_SUM"
    assert len(progress["qa_log"]) >= 3
    over = await client.post(f"{base}/abandon", json={"step_id": step_id}, headers=auth)
    assert over.json()["code"] == "ALREADY_COMPLETED"

    plain = (await client.post(f"{base}/start", headers=auth)).json()
    assert plain["mode"] == "HEURISTIC"
    vague = {"step_id": plain["step_id"], "question_id": plain["question_id"], "answer": "hmm"}
    assert (await client.post(f"{base}/answer", json=vague, headers=auth)).status_code == 422
    dropped = await client.post(f"{base}/abandon", json={"step_id": plain["step_id"]}, headers=auth)
    assert dropped.json() == {"success": True}


async def test_a_clean_success_masters_the_rung_and_schedules_a_review(
    harness: Harness, tokens: TokenFactory
) -> None:
    client, auth = harness.client, tokens.headers("loop-7")
    attempt_id = (await started(harness, auth, await publish(harness)))["id"]
    assert (await step(client, auth, attempt_id, GATE)).json()["passed"] is True
    await judged(harness, auth, attempt_id, passed=True)
    reflection = {"step_type": "SUCCESS_REFLECTION", "skipped": True}
    done = (await step(client, auth, attempt_id, reflection)).json()
    assert done["step"]["result"] == "SKIP"
    assert done["score"]["overall"] == 1.0
    skills = (await client.get("/api/v1/skills", headers=auth)).json()
    assert skills["skills"][0]["unlocked_at"] is not None
    assert skills["unlocked_rungs"] == [{"pattern": "PREFIX_SUM", "rung": 2, "score": 1.0}]
    [review] = skills["reviews"]
    assert (review["pattern"], review["stability_days"]) == ("PREFIX_SUM", 1.0)
    assert skills["recommended_next"] == {
        "pattern": "PREFIX_SUM",
        "rung": 2,
        "reason": "Next problem in PREFIX_SUM pattern progression",
    }
