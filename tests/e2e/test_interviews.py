"""A mock interview end to end through the gateway: the owner's two sockets see every step,
another user's socket is refused, a good answer outscores a bad one, and the report comes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from servicekit.devstack import StackConfig

from .conftest import SignUp

pytestmark = pytest.mark.e2e

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack" / "questions"
BAD = "Not sure, sorry."


def good_answer(question_id: str) -> str:
    """Full sentences on each concept the pack expects: what a prepared candidate would say."""
    item = yaml.safe_load((PACK / f"{question_id}.yaml").read_text())
    concepts, topic = item["expected_concepts"], (item.get("topics") or [item["category"]])[0]
    lines = [
        f"I would start with the {concepts[0]}, because everything about {topic} builds on it."
    ]
    lines += [
        f"Next I would explain the {c} and show with an example why it matters."
        for c in concepts[1:]
    ]
    lines.append(
        f"Finally I would weigh the trade-offs in {item['category']} and say what I choose."
    )
    return " ".join(lines)


def first_question(api: httpx.Client, path: str, auth: dict[str, str]) -> httpx.Response:
    """Ask for the first question, again while the question bank reaches practice (409)."""
    deadline = time.monotonic() + 60
    while True:
        response = api.post(f"{path}/questions/next", headers=auth)
        if response.status_code != 409 or time.monotonic() > deadline:
            return response
        time.sleep(0.3)


def until_events_flow(api: httpx.Client, gateway_ws: str, auth: dict[str, str]) -> None:
    """Complete throwaway interviews until one's session_completed reaches its socket.

    The gateway reads the topic from its end once it finds it: on a platform just started,
    an event published before that is never pushed, so the test waits for a live one first.
    """
    probe = {"mode": "behavioral", "job_type": "Probe", "duration": 10}
    deadline = time.monotonic() + 60
    while True:
        started = api.post("/interviews", json=probe, headers=auth)
        assert started.status_code == 201, started.text
        interview_id = started.json()["interview"]["id"]
        url = f"{gateway_ws}/api/v1/interviews/{interview_id}/ws"
        with connect(url, subprotocols=["bearer", token_of(auth)]) as ws:  # type: ignore[list-item]
            assert api.post(f"/interviews/{interview_id}/complete", headers=auth).status_code == 200
            try:
                ws.recv(timeout=5)
                return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise


@contextmanager
def sockets(url: str, token: str, count: int) -> Iterator[list[ClientConnection]]:
    with ExitStack() as stack:
        yield [
            stack.enter_context(connect(url, subprotocols=["bearer", token]))  # type: ignore[list-item]
            for _ in range(count)
        ]


def frames_until_completed(ws: ClientConnection) -> list[dict[str, Any]]:
    """Every frame the socket got, up to and including session_completed."""
    frames: list[dict[str, Any]] = []
    while not frames or frames[-1]["type"] != "session_completed":
        frames.append(json.loads(ws.recv(timeout=30)))
    return frames


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def test_an_interview_seen_live_on_two_sockets_with_scores_and_a_report(
    api: httpx.Client, platform: StackConfig, sign_up: SignUp
) -> None:
    owner, stranger = sign_up().headers, sign_up().headers
    gateway_ws = platform.url("gateway").replace("http", "ws", 1)
    until_events_flow(api, gateway_ws, stranger)
    body = {
        "mode": "technical",
        "job_type": "Backend Engineer",
        "difficulty": "easy",
        "duration": 30,
        "language": "python",
        "include_coding": False,
        "topics": ["hash tables"],
    }
    started = api.post("/interviews", json=body, headers=owner)
    assert started.status_code == 201, started.text
    interview = started.json()["interview"]
    assert started.json()["next_action"]["type"] == "intro"
    path = f"/interviews/{interview['id']}"
    url = f"{gateway_ws}/api/v1{path}/ws"

    offered = ["bearer", token_of(stranger)]
    with pytest.raises(InvalidStatus) as refused, connect(url, subprotocols=offered):  # type: ignore[arg-type]
        pass
    assert refused.value.response.status_code == 404

    with sockets(url, token_of(owner), 2) as tabs:
        first = first_question(api, path, owner)
        assert first.status_code == 200, first.text
        assert "expected_concepts" not in first.text
        first_id = first.json()["question"]["question_id"]
        good = api.post(
            f"{path}/answers",
            json={
                "question_id": first_id,
                "answer_text": good_answer(first_id),
                "response_time": 150,
            },
            headers=owner,
        )
        assert good.status_code == 200, good.text
        second = api.post(f"{path}/questions/next", headers=owner)
        assert second.status_code == 200, second.text
        bad = api.post(
            f"{path}/answers",
            json={
                "question_id": second.json()["question"]["question_id"],
                "answer_text": BAD,
                "response_time": 20,
            },
            headers=owner,
        )
        assert bad.status_code == 200, bad.text
        good_scores, bad_scores = good.json()["answer"]["scores"], bad.json()["answer"]["scores"]
        for name in ("completeness", "correctness", "communication"):
            assert good_scores[name] > bad_scores[name], name
        assert good.json()["ai_response"]["sentiment"] == "positive"
        assert bad.json()["ai_response"]["sentiment"] == "negative"
        # The coach (built-in provider) speaks; the scores stay practice's.
        for answered in (good, bad):
            assert answered.json()["ai_response"]["interviewer_source"] == "coach"
        assert '"' in good.json()["ai_response"]["content"]  # it quotes the learner
        third = api.post(f"{path}/questions/next", headers=owner)
        assert third.status_code == 200, third.text
        assert third.json()["session"]["current_index"] == 3
        asked = {r.json()["question"]["question_id"] for r in (first, second, third)}
        assert len(asked) == 3

        done = api.post(f"{path}/complete", headers=owner)
        assert done.status_code == 200, done.text
        report = done.json()["feedback"]
        assert report["summary"]
        assert report["improvement_areas"]
        assert 0 <= report["percentile_rank"] <= 100
        assert all(r["item_id"] not in asked for r in report["recommendations"])
        late = api.post(f"{path}/questions/next", headers=owner)
        assert (late.status_code, late.json()["code"]) == (409, "INVALID_STATE")

        for tab in tabs:
            frames = frames_until_completed(tab)
            kinds = [f["type"] for f in frames if f["type"] != "typing_indicator"]
            assert kinds == [
                "question_presented",
                "answer_evaluated",
                "question_presented",
                "answer_evaluated",
                "question_presented",
                "session_completed",
            ]
            sequences = [f["sequence"] for f in frames]
            assert sequences == sorted(sequences)
            evaluated = [
                f["data"]["answer"]["scores"] for f in frames if f["type"] == "answer_evaluated"
            ]
            assert evaluated == [good_scores, bad_scores]
            spoken = [
                f["data"]["ai_response"]["interviewer_source"]
                for f in frames
                if f["type"] == "answer_evaluated"
            ]
            assert spoken == ["coach", "coach"]
            assert (
                frames[-1]["data"]["session"]["overall_score"]
                == done.json()["interview"]["overall_score"]
            )

    detail = api.get(path, headers=owner).json()
    assert [q["status"] for q in detail["questions"]] == ["answered", "answered", "skipped"]
    assert detail["feedback"]["feedback_id"] == report["feedback_id"]
    transcript = api.get(f"{path}/transcript", headers=owner)
    assert transcript.headers["content-type"].startswith("text/markdown")
    assert good_answer(first_id)[:40] in transcript.text
    assert api.get(path, headers=stranger).status_code == 404
    progress = api.get("/progress", headers=owner).json()
    assert (progress["total_tasks_completed"], progress["current_streak"]) == (1, 1)
