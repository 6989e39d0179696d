"""One real submission end to end, through the gateway, as a client would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from .conftest import PAIR_PROBLEM, coding_attempt

pytestmark = pytest.mark.e2e

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"


def reference_solution(language: str) -> str:
    problem = yaml.safe_load((PACK / "coding" / f"{PAIR_PROBLEM}.yaml").read_text())
    return str(problem["reference_solutions"][language])


def submit(api: httpx.Client, auth: dict[str, str], attempt_id: str, code: str) -> dict[str, Any]:
    response = api.post(
        f"/attempts/{attempt_id}/submissions",
        params={"wait": 30},
        json={"code": code, "language": "python"},
        headers=auth,
    )
    assert response.status_code in (200, 202), response.text
    submission: dict[str, Any] = response.json()["submission"]
    return submission


def test_a_learner_lists_problems_and_an_accepted_submission_is_judged(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    auth = learner
    problems = api.get("/problems", params={"kind": "coding", "limit": 100}, headers=auth)
    assert problems.status_code == 200
    listed = {p["id"]: p for p in problems.json()["items"]}
    assert PAIR_PROBLEM in listed
    assert "reference_solutions" not in listed[PAIR_PROBLEM]
    assert all(not t["is_hidden"] for t in listed[PAIR_PROBLEM]["tests"])

    attempt_id = coding_attempt(api, auth)
    submission = submit(api, auth, attempt_id, reference_solution("python"))

    assert submission["status"] == "succeeded"
    assert submission["verdict"] == "accepted"
    assert submission["summary"]["passed"] is True
    assert submission["summary"]["tests_passed"] == submission["summary"]["tests_total"] >= 8
    hidden = [t for t in submission["test_results"] if t["is_hidden"]]
    assert hidden
    assert all(
        set(t) == {"test_index", "is_hidden", "passed", "verdict", "duration_ms"} for t in hidden
    )
    attempt = api.get(f"/attempts/{attempt_id}", headers=auth).json()["attempt"]
    assert attempt["state"] == "SUCCESS_REFLECTION"


def test_a_wrong_answer_is_judged_with_the_failing_test_explained(
    api: httpx.Client, learner: dict[str, str]
) -> None:
    auth = learner
    wrong = "def best_pair_within_budget(prices, budget):\n    return 0\n"
    submission = submit(api, auth, coding_attempt(api, auth), wrong)

    assert submission["status"] == "succeeded"
    assert submission["verdict"] == "wrong_answer"
    assert submission["summary"]["passed"] is False
    assert submission["explanation"]
    failed = [t for t in submission["test_results"] if not t["passed"]]
    visible_failure = next(t for t in failed if not t["is_hidden"])
    assert visible_failure["actual"] == 0
    assert visible_failure["expected"] is not None

    polled = api.get(f"/submissions/{submission['id']}", headers=auth)
    assert polled.json()["submission"]["verdict"] == "wrong_answer"


def test_another_learner_cannot_see_my_submission(api: httpx.Client, sign_up: Any) -> None:
    owner, other = sign_up().headers, sign_up().headers
    submission = submit(api, owner, coding_attempt(api, owner), reference_solution("python"))
    response = api.get(f"/submissions/{submission['id']}", headers=other)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
