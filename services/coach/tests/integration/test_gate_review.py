"""The internal gate-review route: what practice asks on a learner's behalf, and its bounds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

PATH = "/internal/v1/gate-review"


def review(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "problem": {
            "title": "Pair within budget",
            "statement": "Given sorted prices and a budget, return the best pair's sum.",
            "target_time": "O(n)",
        },
        "answer": {
            "selected_pattern": "TWO_POINTERS",
            "stated_invariant": "The left and right pointers bound the pairs still possible.",
            "stated_complexity": "O(n)",
        },
        "result": {"passed": False, "errors": ["Your invariant does not say anything about x."]},
    }
    return {**body, **changes}


async def test_the_builtin_provider_answers_with_no_warning_and_its_record(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    answered = await client.post(PATH, json=review(), headers=tokens.headers())
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["warnings"] == []
    assert body["answer"]["provider"] == "builtin"
    assert body["answer"]["prompt_version"] == "gate.v1"
    assert body["answer"]["fallback_reason"] is None


async def test_only_a_signed_in_caller_is_answered(client: httpx.AsyncClient) -> None:
    refused = await client.post(PATH, json=review())
    assert refused.status_code == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"problem": {"title": "t", "statement": "s" * 20_001}},
        {"problem": {"title": "", "statement": "s"}},
        {"answer": {"selected_pattern": "QUANTUM", "stated_invariant": "it holds"}},
        {"answer": {"selected_pattern": "HEAP", "stated_invariant": "x" * 2001}},
        {"result": {"passed": True, "errors": ["e"] * 11}},
        {"result": {"passed": True, "expected_pattern": "HEAP"}},
        {"extra": "field"},
    ],
)
async def test_a_review_out_of_bounds_is_refused(
    client: httpx.AsyncClient, tokens: TokenFactory, changes: dict[str, Any]
) -> None:
    refused = await client.post(PATH, json=review(**changes), headers=tokens.headers())
    assert refused.status_code == 422, refused.text
