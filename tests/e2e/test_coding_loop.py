"""The coding loop of seed 001 through the gateway: think, get help, fail, reflect, succeed,
reflect again, be scored, see the skill grow, face the adversary, get the next problem, and
start over."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from servicekit.testing.client import when_ready

from .conftest import PAIR_GATE, PAIR_PROBLEM

pytestmark = pytest.mark.e2e

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
WRONG = "def best_pair_within_budget(prices, budget):\n    return 0\n"


def reference() -> str:
    problem = yaml.safe_load((PACK / "coding" / f"{PAIR_PROBLEM}.yaml").read_text())
    return str(problem["reference_solutions"]["python"])


def post(api: httpx.Client, auth: dict[str, str], path: str, **body: Any) -> dict[str, Any]:
    response = api.post(path, json=body or None, headers=auth)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def judged(api: httpx.Client, auth: dict[str, str], attempt_id: str, code: str) -> str:
    response = api.post(
        f"/attempts/{attempt_id}/submissions",
        params={"wait": 30},
        json={"code": code, "language": "python"},
        headers=auth,
    )
    assert response.status_code == 200, response.text  # 200: judged within the wait
    verdict: str = response.json()["submission"]["verdict"]
    return verdict


def next_in(api: httpx.Client, auth: dict[str, str], pattern: str) -> dict[str, Any]:
    """The next problem of `pattern` once practice's read model holds another one than
    PAIR_PROBLEM (it fills from the catalogue topic in no particular order)."""
    deadline = time.monotonic() + 120
    while True:
        response = api.get("/problems/next", params={"pattern": pattern}, headers=auth)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["problem"]["id"] != PAIR_PROBLEM or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def test_a_learner_goes_round_the_whole_loop(api: httpx.Client, learner: dict[str, str]) -> None:
    auth = learner
    started = when_ready(
        lambda: api.post("/attempts", json={"problem_id": PAIR_PROBLEM}, headers=auth)
    )
    assert started.status_code == 201, started.text
    assert "invariant" not in started.json()["problem"]
    attempt_id = started.json()["attempt"]["id"]
    steps = f"/attempts/{attempt_id}/steps"

    wrong_gate = post(api, auth, steps, **{**PAIR_GATE, "selected_pattern": "SLIDING_WINDOW"})
    assert wrong_gate["passed"] is False
    assert wrong_gate["attempt"]["state"] == "THINKING_GATE"
    assert wrong_gate["validation"]["errors"]
    gate = post(api, auth, steps, **PAIR_GATE)
    assert gate["step"]["result"] == "PASS"
    assert gate["attempt"]["state"] == "CODING"

    hints = f"/attempts/{attempt_id}/hints"
    first, second = post(api, auth, hints), post(api, auth, hints)
    assert first["hint"]["level"] == "DIRECTIONAL_QUESTION"
    assert second["hint"]["level"] == "HEURISTIC_HINT"
    assert second["budget"] == {"spent": 30, "remaining": 70, "total": 100, "exhausted": False}

    assert judged(api, auth, attempt_id, WRONG) == "wrong_answer"
    shown = api.get(f"/attempts/{attempt_id}", headers=auth).json()
    assert shown["attempt"]["state"] == "REFLECTION"
    reflection = shown["reflection"]
    assert reflection["failing_test"]["actual"] == 0
    option = reflection["options"][0]["id"]
    reflected = post(api, auth, steps, step_type="REFLECTION", selected_option_id=option)
    assert reflected["attempt"]["state"] == "CODING"

    assert judged(api, auth, attempt_id, reference()) == "accepted"
    state = api.get(f"/attempts/{attempt_id}", headers=auth).json()["attempt"]["state"]
    assert state == "SUCCESS_REFLECTION"
    done = post(
        api,
        auth,
        steps,
        step_type="SUCCESS_REFLECTION",
        confidence_rating=4,
        learned_insight="Sorted input lets one comparison discard a whole row of pairs.",
    )
    assert done["attempt"]["state"] == "COMPLETED"
    assert done["score"]["pattern_recognition"] == 0.75  # one failed gate
    assert 0 < done["score"]["overall"] < 1  # lowered by the failure and two hints

    skills = api.get("/skills", headers=auth).json()
    [skill] = skills["skills"]
    assert (skill["pattern"], skill["rung"], skill["attempts_count"]) == ("TWO_POINTERS", 1, 1)
    assert skill["score"] == done["score"]["overall"]

    adversary = f"/attempts/{attempt_id}/adversary"
    challenge = api.get(adversary, headers=auth).json()["challenge"]
    assert challenge["prompt"].startswith("Best Two-Item Bundle Within a Budget, changed:")
    answer = {"step_id": challenge["step_id"], "response": "Sort first, or count with a map."}
    assert post(api, auth, adversary, **answer)["challenge"]["completed"] is True

    following = api.get("/problems/next", headers=auth)
    assert following.status_code == 200, following.text
    assert following.json()["reason"]
    assert following.json()["problem"]["id"] != PAIR_PROBLEM  # unsolved ones first
    same_pattern = next_in(api, auth, "TWO_POINTERS")
    assert same_pattern["problem"]["pattern"] == "TWO_POINTERS"
    assert "invariant" not in same_pattern["problem"]

    again = api.post("/attempts", json={"problem_id": PAIR_PROBLEM}, headers=auth)
    assert again.status_code == 201, again.text
    assert again.json()["attempt"]["id"] != attempt_id
    assert again.json()["attempt"]["state"] == "THINKING_GATE"
