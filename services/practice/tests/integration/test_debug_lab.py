"""Debug lab against the real broker: triage, test runs and fixes, judged through events."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

FILES = [
    {"path": "shop.py", "content": "def total(p):\n    return sum(p[1:])\n", "editable": True},
    {"path": "tests/test_shop.py", "content": "from shop import total\n", "editable": False},
]
HIDDEN = [{"path": "tests/test_hidden.py", "content": "SECRET-HIDDEN-TEST"}]
SOLUTION = {"explanation": "SECRET-SOLUTION: the slice skips the first price.", "files": {}}
TRIAGE = {
    "category": "Heisenbug",
    "severity": "Major",
    "priority": "High",
    "first_actions": "Reproduce with two prices and add a failing test.",
}
FIX = {"shop.py": "def total(p):\n    return sum(p)\n"}
TRIAGE_FEEDBACK = {
    "category_correct": True,
    "severity_distance": 0,
    "priority_distance": 0,
    "actions_matched": ["reproduce"],
    "feedback": ["Good triage"],
}


def visible(passed: bool) -> dict[str, Any]:
    return {
        "passed": passed,
        "signal_type": "success" if passed else "test_failure",
        "tests_passed": 2 if passed else 1,
        "tests_total": 2,
        "stdout": "",
        "stderr": "" if passed else "FAIL: test_two",
        "exit_code": 0 if passed else 1,
        "execution_time_ms": 120,
    }


def project_feedback(passed: bool, hidden: bool) -> dict[str, Any]:
    hidden_result = {"passed": passed, "tests_passed": 3 if passed else 1, "tests_total": 3}
    return {"visible": visible(passed), "hidden": hidden_result if hidden else None}


async def publish_item(
    harness: Any, *, difficulty: str = "EASY", category: str = "Heisenbug", triage: bool = True
) -> str:
    return await harness.publish(
        "debug_lab_item",
        "debug_lab",
        title="Totals are short",
        description="The checkout total misses a price.",
        difficulty=difficulty,
        language="python",
        files=FILES,
        hidden_files=HIDDEN,
        hidden_tests=["tests/test_hidden.py"],
        solution=SOLUTION,
        test_command="python -m unittest",
        defect_category=category,
        severity="Major",
        priority="High",
        signals=["failing_tests"],
        expected_first_actions=["reproduce", "add a failing test"],
        required_triage=triage,
    )


async def start(harness: Any, auth: dict[str, str], item_id: str) -> Any:
    return await harness.once_known(
        lambda: harness.client.post(
            "/api/v1/debug-lab/attempts", json={"item_id": item_id}, headers=auth
        )
    )


def leaks(answer: Any) -> bool:
    text = str(answer)
    return any(word in text for word in ("SECRET", "hidden_files", "expected_first_actions"))


async def test_triage_runs_and_fixes_until_passed(harness: Any, tokens: TokenFactory) -> None:
    auth, client = tokens.headers("debugger-1"), harness.client
    easy = await publish_item(harness, difficulty="EASY")
    hard = await publish_item(harness, difficulty="HARD")
    await start(harness, auth, hard)  # both items are in the read model once the later one is
    await start(harness, auth, easy)
    suggested = await client.get(
        "/api/v1/debug-lab/next", params={"category": "Heisenbug"}, headers=auth
    )
    assert suggested.status_code == 200
    assert suggested.json()["item"]["difficulty"] == "EASY"
    assert "EASY" in suggested.json()["reason"]
    assert not leaks(suggested.json())
    assert "defect_category" not in suggested.json()["item"]

    started = await start(harness, auth, easy)
    assert started.status_code == 201
    attempt = started.json()["attempt"]
    assert (attempt["status"], attempt["test_run_count"], attempt["taxonomy"]) == (
        "STARTED",
        0,
        None,
    )
    assert [f["path"] for f in started.json()["item"]["files"]] == ["shop.py", "tests/test_shop.py"]
    assert not leaks(started.json())
    base = f"/api/v1/debug-lab/attempts/{attempt['id']}"

    for path, body in (
        ("run-tests", {"files": FIX}),
        ("submit", {"files": FIX, "explanation": "The slice skipped one."}),
    ):
        early = await client.post(f"{base}/{path}", json=body, headers=auth)
        assert (early.status_code, early.json()["code"]) == (409, "TRIAGE_REQUIRED")

    triaged = await client.post(f"{base}/triage", json=TRIAGE, headers=auth)
    assert triaged.status_code == 202
    assert triaged.json()["submission"]["type"] == "triage"
    [event] = await harness.announced_for(triaged.json()["submission"]["id"])
    assert (event["payload"]["kind"], event["payload"]["answer"]) == ("triage", TRIAGE)
    assert event["payload"]["reference"] == {
        "defect_category": "Heisenbug",
        "severity": "Major",
        "priority": "High",
        "expected_first_actions": ["reproduce", "add a failing test"],
    }
    twice = await client.post(f"{base}/triage", json=TRIAGE, headers=auth)
    assert (twice.status_code, twice.json()["code"]) == (409, "INVALID_STATE")
    breakdown = {"category": 40.0, "severity": 25.0, "priority": 15.0, "actions": 10.0}
    await harness.evaluate(
        event, "triage", score=90.0, score_breakdown=breakdown, feedback=TRIAGE_FEEDBACK
    )
    await client.get(f"/api/v1/submissions/{event['key']}", params={"wait": 20}, headers=auth)
    after_triage = (await client.get(base, headers=auth)).json()["attempt"]
    assert (after_triage["status"], after_triage["triage_score"]) == ("TRIAGE_COMPLETED", 90.0)
    assert after_triage["triage_feedback"]["score_breakdown"] == breakdown
    assert after_triage["taxonomy"]["defect_category"] == "Heisenbug"

    refused = await client.post(
        f"{base}/run-tests",
        json={"files": {**FIX, "tests/test_shop.py": "", "new.py": ""}},
        headers=auth,
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "VALIDATION_ERROR")
    assert "tests/test_shop.py" in refused.json()["detail"]
    assert "new.py" in refused.json()["detail"]
    huge = await client.post(
        f"{base}/run-tests", json={"files": {"shop.py": "x" * 300_000}}, headers=auth
    )
    assert (huge.status_code, huge.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")

    ran = await client.post(f"{base}/run-tests", json={"files": FIX}, headers=auth)
    assert ran.status_code == 202
    assert ran.json()["submission"]["type"] == "debug_lab_run"
    [run] = await harness.announced_for(ran.json()["submission"]["id"])
    assert run["event_type"] == "practice.project_tests_requested"
    project = run["payload"]["project"]
    assert project["files"] == {
        "shop.py": FIX["shop.py"],
        "tests/test_shop.py": FILES[1]["content"],
    }
    assert (project["hidden_files"], project["test_command"], project["language"]) == (
        {},
        "python -m unittest",
        "python",
    )
    await harness.evaluate(
        run, "project", passed=False, feedback=project_feedback(False, hidden=False)
    )
    await client.get(f"/api/v1/submissions/{run['key']}", params={"wait": 20}, headers=auth)
    after_run = (await client.get(base, headers=auth)).json()["attempt"]
    assert after_run["execution_result"] == visible(False)
    assert after_run["test_run_count"] == 1

    fix = {"files": FIX, "explanation": "The slice skipped the first price."}
    sent = await client.post(f"{base}/submit", json=fix, headers=auth)
    assert sent.status_code == 202
    assert (sent.json()["attempt"]["status"], sent.json()["attempt"]["submission_count"]) == (
        "SUBMITTED",
        1,
    )
    [first] = await harness.announced_for(sent.json()["submission"]["id"])
    assert first["payload"]["project"]["hidden_files"] == {
        "tests/test_hidden.py": "SECRET-HIDDEN-TEST"
    }
    assert not leaks(sent.json())
    pending = await client.post(f"{base}/submit", json=fix, headers=auth)
    assert (pending.status_code, pending.json()["code"]) == (409, "INVALID_STATE")
    await harness.evaluate(
        first, "project", passed=False, feedback=project_feedback(False, hidden=True)
    )
    await client.get(f"/api/v1/submissions/{first['key']}", params={"wait": 20}, headers=auth)
    failed = (await client.get(base, headers=auth)).json()["attempt"]
    assert failed["status"] == "FAILED"
    assert failed["hidden_result"] == {"passed": False, "tests_passed": 1, "tests_total": 3}
    assert failed["solution_explanation"] is None
    assert failed["taxonomy"] == {
        "defect_category": "Heisenbug",
        "severity": "Major",
        "priority": "High",
        "signals": ["failing_tests"],
    }

    submitting = asyncio.create_task(
        client.post(f"{base}/submit", json=fix, params={"wait": 20}, headers=auth)
    )
    [second] = await harness.announced(
        lambda e: (
            e["payload"].get("attempt_id") == attempt["id"]
            and e["key"] not in (first["key"], run["key"], event["key"])
        )
    )
    await harness.evaluate(second, "project", feedback=project_feedback(True, hidden=True))
    passed = await submitting
    assert passed.status_code == 200
    attempt = passed.json()["attempt"]
    assert (attempt["status"], attempt["submission_count"]) == ("PASSED", 2)
    assert attempt["solution_explanation"] == SOLUTION["explanation"]
    assert attempt["completed_at"] is not None
    done = await client.post(f"{base}/submit", json=fix, headers=auth)
    assert (done.status_code, done.json()["code"]) == (409, "ALREADY_COMPLETED")

    following = await client.get(
        "/api/v1/debug-lab/next", params={"category": "Heisenbug"}, headers=auth
    )
    assert following.json()["item"]["id"] != easy
    listed = (
        await client.get("/api/v1/debug-lab/attempts", params={"item_id": easy}, headers=auth)
    ).json()
    assert listed["total"] == 2  # the warm-up start and this one


async def test_the_solution_shows_after_three_failed_fixes(
    harness: Any, tokens: TokenFactory
) -> None:
    auth, client = tokens.headers("debugger-2"), harness.client
    item_id = await publish_item(harness, category="Container", triage=False)
    attempt = (await start(harness, auth, item_id)).json()["attempt"]
    base = f"/api/v1/debug-lab/attempts/{attempt['id']}"
    ran = await client.post(f"{base}/run-tests", json={"files": {}}, headers=auth)
    assert ran.status_code == 202  # no triage asked for by this item
    fix = {"files": FIX, "explanation": "Trying another slice."}
    for tries in (1, 2, 3):
        sent = (await client.post(f"{base}/submit", json=fix, headers=auth)).json()
        [event] = await harness.announced_for(sent["submission"]["id"])
        await harness.evaluate(
            event, "project", passed=False, feedback=project_feedback(False, hidden=True)
        )
        await client.get(f"/api/v1/submissions/{event['key']}", params={"wait": 20}, headers=auth)
        shown = (await client.get(base, headers=auth)).json()["attempt"]
        assert shown["status"] == "FAILED"
        assert (shown["solution_explanation"] is not None) is (tries == 3)


async def test_debug_lab_errors_and_privacy(harness: Any, tokens: TokenFactory) -> None:
    auth, other, client = tokens.headers("debugger-3"), tokens.headers("intruder"), harness.client
    unknown = await client.post(
        "/api/v1/debug-lab/attempts", json={"item_id": "nope"}, headers=auth
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "DEBUG_LAB_ITEM_NOT_FOUND")
    item_id = await publish_item(harness, category="Distributed")
    attempt = (await start(harness, auth, item_id)).json()["attempt"]
    base = f"/api/v1/debug-lab/attempts/{attempt['id']}"
    for bad in (
        {**TRIAGE, "category": "Cosmic rays"},
        {**TRIAGE, "severity": "Huge"},
        {**TRIAGE, "first_actions": "too short"},
    ):
        assert (await client.post(f"{base}/triage", json=bad, headers=auth)).status_code == 422
    short = await client.post(
        f"{base}/submit", json={"files": {}, "explanation": "short"}, headers=auth
    )
    assert short.status_code == 422
    for method, path in (("GET", base), ("POST", f"{base}/triage")):
        theirs = await client.request(method, path, json=TRIAGE, headers=other)
        assert (theirs.status_code, theirs.json()["code"]) == (404, "DEBUG_LAB_ATTEMPT_NOT_FOUND")
    assert (await client.get("/api/v1/debug-lab/attempts", headers=other)).json()["total"] == 0
    nothing = await client.get(
        "/api/v1/debug-lab/next",
        params={"category": "Distributed", "difficulty": "EXPERT"},
        headers=auth,
    )
    assert (nothing.status_code, nothing.json()["code"]) == (404, "DEBUG_LAB_ITEM_NOT_FOUND")
