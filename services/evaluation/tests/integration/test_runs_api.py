"""`POST /runs` and `POST /runs/trace` through evaluation's API, in the real sandbox."""

from __future__ import annotations

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

TWO_POINTERS = """def pair(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo < hi:
        total = nums[lo] + nums[hi]
        if total == target:
            return [lo, hi]
        if total < target:
            lo += 1
        else:
            hi -= 1
    return []
"""


JS_TWO_POINTERS = """function pair(nums, target) {
  let lo = 0, hi = nums.length - 1;
  console.log("checking");
  while (lo < hi) {
    const total = nums[lo] + nums[hi];
    if (total === target) return [lo, hi];
    if (total < target) lo++;
    else hi--;
  }
  return [];
}
"""


async def test_a_run_returns_output_and_status(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    auth = tokens.headers()
    ok = await client.post(
        "/api/v1/runs",
        headers=auth,
        json={
            "language": "python",
            "code": "print(sum(map(int, input().split())))",
            "stdin": "2 3\n",
        },
    )
    assert ok.json()["stdout"] == "5\n"
    assert ok.json()["status"] == "ok"
    js = await client.post(
        "/api/v1/runs",
        headers=auth,
        json={
            "language": "javascript",
            "code": "console.log(require('fs').readFileSync(0,'utf8').length)",
            "stdin": "abcd",
        },
    )
    assert js.json()["stdout"].strip() == "4"
    loop = await client.post(
        "/api/v1/runs", headers=auth, json={"language": "python", "code": "while True: pass"}
    )
    assert loop.json()["status"] == "time_limit_exceeded"
    assert (
        await client.post("/api/v1/runs", json={"language": "python", "code": "1"})
    ).status_code == 401


async def test_a_python_trace_finds_the_array_and_its_pointers(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    response = await client.post(
        "/api/v1/runs/trace",
        headers=tokens.headers(),
        json={"language": "python", "code": TWO_POINTERS, "test_input": [[1, 2, 4, 7, 11], 9]},
    )
    trace = response.json()
    assert trace["result"] == [1, 3]
    assert trace["array_variables"] == ["nums"]
    assert trace["pointer_variables"] == {"lo": "nums", "hi": "nums"}
    lines = [f["line"] for f in trace["frames"] if f["function"] == "pair"]
    assert lines[:3] == [2, 3, 4]
    assert any(f["vars"].get("total") == 12 for f in trace["frames"])


async def test_traces_are_bounded(client: httpx.AsyncClient, tokens: TokenFactory) -> None:
    forever = await client.post(
        "/api/v1/runs/trace",
        headers=tokens.headers(),
        json={"language": "python", "code": "i = 0\nwhile True:\n    i += 1\n"},
    )
    assert forever.json()["truncated"] is True
    js_forever = await client.post(
        "/api/v1/runs/trace",
        headers=tokens.headers(),
        json={"language": "javascript", "code": "let i = 0;\nwhile (true) {\n  i++;\n}\n"},
    )
    assert js_forever.json()["truncated"] is True
    assert len(js_forever.json()["frames"]) == 2000


async def test_a_javascript_trace_steps_through_the_learners_code(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    response = await client.post(
        "/api/v1/runs/trace",
        headers=tokens.headers(),
        json={
            "language": "javascript",
            "code": JS_TWO_POINTERS,
            "test_input": [[1, 2, 4, 7, 11], 9],
        },
    )
    trace = response.json()
    assert trace["error"] is None, trace
    assert trace["result"] == [1, 3]
    assert trace["array_variables"] == ["nums"]
    assert trace["pointer_variables"] == {"lo": "nums", "hi": "nums"}
    lines = [f["line"] for f in trace["frames"] if f["function"] == "pair"]
    # V8 stops at each declarator, so `let lo = 0, hi = ...` is two steps on line 2.
    assert list(dict.fromkeys(lines))[:3] == [2, 3, 4]
    assert any(f["vars"].get("total") == 12 for f in trace["frames"])
    assert trace["stdout"] == "checking\n"

    broken = await client.post(
        "/api/v1/runs/trace",
        headers=tokens.headers(),
        json={
            "language": "javascript",
            "code": "function f() {\n  throw new Error('boom');\n}",
            "test_input": [],
        },
    )
    assert broken.json()["error"] == "Error: boom (line 2)"
