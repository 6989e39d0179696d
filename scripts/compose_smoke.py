"""Drives one real submission through the compose stack's gateway and checks it is accepted.

Used by `make compose-smoke` (after `scripts/compose.sh up`): register, start an attempt on the
pack's problem, pass its thinking gate, submit its reference solution with ?wait=30, expect
`accepted`. Exits non-zero
with the reason; every step prints progress.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

from servicekit.testing.accounts import register

PROBLEM_ID = "best-pair-within-budget"
PACK = Path(__file__).resolve().parents[1] / "services" / "content" / "pack" / "coding"
READY_SECONDS = float(os.environ.get("COMPOSE_SMOKE_READY_SECONDS", "240"))


def say(message: str) -> None:
    print(f"compose-smoke: {message}", flush=True)


def wait_until_ready(api: httpx.Client) -> None:
    """The gateway's /ready with every upstream up (200 alone means it can route)."""
    deadline = time.monotonic() + READY_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            ready = api.get("/ready")
            if ready.status_code == 200 and ready.json().get("status") == "ready":
                return
            last = f"/ready {ready.status_code}: {ready.text[:300]}"
        except httpx.HTTPError as error:
            last = repr(error)
        time.sleep(2)
    raise SystemExit(f"compose-smoke: the gateway was not ready in {READY_SECONDS:.0f} s: {last}")


def judged_submission(api: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    # Practice learns the catalogue from content's events: right after the pack it may lag.
    deadline = time.monotonic() + READY_SECONDS
    while True:
        started = api.post("/api/v1/attempts", json={"problem_id": PROBLEM_ID}, headers=auth)
        if started.status_code != 404 or time.monotonic() > deadline:
            break
        time.sleep(2)
    if started.status_code not in (200, 201):
        raise SystemExit(
            f"compose-smoke: starting an attempt: {started.status_code} {started.text}"
        )
    attempt = started.json()["attempt"]
    say(f"attempt {attempt['id']} in state {attempt['state']}")
    problem = yaml.safe_load((PACK / f"{PROBLEM_ID}.yaml").read_text())
    # Code is taken only once the thinking gate is passed: the pack's own pattern and invariant.
    gate = {
        "step_type": "THINKING_GATE",
        "selected_pattern": problem["pattern"],
        "stated_invariant": problem["invariant"],
    }
    stepped = api.post(f"/api/v1/attempts/{attempt['id']}/steps", json=gate, headers=auth)
    if stepped.status_code != 200 or not stepped.json().get("passed"):
        raise SystemExit(f"compose-smoke: the thinking gate: {stepped.status_code} {stepped.text}")
    say(f"thinking gate passed: attempt in state {stepped.json()['attempt']['state']}")
    code = str(problem["reference_solutions"]["python"])
    submitted = api.post(
        f"/api/v1/attempts/{attempt['id']}/submissions",
        params={"wait": 30},
        json={"code": code, "language": "python"},
        headers=auth,
    )
    if submitted.status_code not in (200, 202):
        raise SystemExit(f"compose-smoke: submitting: {submitted.status_code} {submitted.text}")
    submission: dict[str, Any] = submitted.json()["submission"]
    return submission


def main() -> None:
    base = os.environ.get("COMPOSE_SMOKE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base, timeout=45.0) as api:
        say(f"waiting for {base}/ready")
        wait_until_ready(api)
        with httpx.Client(base_url=f"{base}/api/v1", timeout=45.0) as v1:
            account = register(v1)
        say(f"registered {account.email}")
        listed = api.get(
            "/api/v1/problems", params={"kind": "coding", "limit": 100}, headers=account.headers
        )
        ids = [p["id"] for p in listed.json().get("items", [])] if listed.is_success else []
        if PROBLEM_ID not in ids:
            raise SystemExit(
                f"compose-smoke: {PROBLEM_ID} not in the catalogue: {listed.text[:300]}"
            )
        say(f"catalogue lists {len(ids)} coding problems")
        submission = judged_submission(api, account.headers)
    say(f"submission {submission['id']}: {submission['status']} {submission.get('verdict')}")
    if submission.get("verdict") != "accepted":
        say(f"not accepted: {submission}")
        sys.exit(1)
    say("accepted: the stack judges submissions")


if __name__ == "__main__":
    main()
