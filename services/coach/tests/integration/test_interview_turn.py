"""The internal interview-turn route: what practice asks once it has scored an answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

PATH = "/internal/v1/interview-turn"


def turn(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "interviewer": {"name": "Alex", "personality": "professional", "experience": "10 years"},
        "question": {
            "text": "Explain how a hash map finds a key.",
            "type": "theory",
            "difficulty": "medium",
            "key_points": [
                {"text": "hash function", "covered": True},
                {"text": "collision", "covered": False},
                {"text": "load factor", "covered": False},
            ],
            "follow_ups": ["Compare chaining with open addressing."],
        },
        "answer_text": "The hash function turns the key into the index of a bucket in an array.",
        "scores": {"completeness": 55, "correctness": 60, "communication": 70},
        "notes": [],
    }
    return {**body, **changes}


async def test_the_reply_quotes_the_answer_and_asks_about_one_missed_point(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    answered = await client.post(PATH, json=turn(), headers=tokens.headers())
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["sentiment"] == "neutral"
    assert body["quote"] == "The hash function turns the key into the index of a bucket in an array"
    assert f'"{body["quote"]}"' in body["reply"]
    assert body["follow_up"] == "How does collision come into your answer?"
    assert "load factor" not in body["reply"] + body["follow_up"]
    assert body["answer"]["provider"] == "builtin"
    assert body["answer"]["prompt_version"] == "interview.v1"
    assert body["answer"]["latency_ms"] >= 0
    assert "scores" not in body  # the scores are practice's: nothing to change them with


async def test_only_a_signed_in_caller_is_answered(client: httpx.AsyncClient) -> None:
    assert (await client.post(PATH, json=turn())).status_code == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"answer_text": "x" * 20_001},
        {"scores": {"completeness": 101, "correctness": 0, "communication": 0}},
        {"scores": {"completeness": 10, "correctness": 0}},
        {"notes": ["flattery"]},
        {"interviewer": {"name": "", "personality": "friendly"}},
        {"question": {"text": "q", "type": "theory", "difficulty": "expert"}},
        {
            "question": {
                "text": "q",
                "type": "theory",
                "difficulty": "easy",
                "key_points": [{"text": "k", "covered": True}] * 51,
            }
        },
        {"extra": "field"},
    ],
)
async def test_a_turn_out_of_bounds_is_refused(
    client: httpx.AsyncClient, tokens: TokenFactory, changes: dict[str, Any]
) -> None:
    refused = await client.post(PATH, json=turn(**changes), headers=tokens.headers())
    assert refused.status_code == 422, refused.text
