"""`POST /runs/trace` for TypeScript: transpiled in the sandbox, every line the learner's own.

Each program has types, interfaces and generics on lines esbuild drops, so a line the JavaScript
output has would be wrong here: the lines asserted prove the source map was followed.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from servicekit.testing.tokens import TokenFactory

pytestmark = pytest.mark.integration

TS_TWO_POINTERS = """interface Span {
  lo: number;
  hi: number;
}

function pair<T extends number>(nums: T[], target: number): number[] {
  let lo: number = 0, hi: number = nums.length - 1;
  type Sum = number;
  console.log("checking");
  while (lo < hi) {
    const total: Sum = nums[lo] + nums[hi];
    if (total === target) return [lo, hi];
    if (total < target) lo++;
    else hi--;
  }
  return [];
}
"""

TS_CALLS = """interface Box<T> {
  value?: T;
}

function unwrap<T>(box: Box<T>): T {
  if (box.value === undefined) {
    throw new Error("empty");
  }
  return box.value;
}

function total(items: Box<number>[]): number {
  let sum: number = 0;
  for (const item of items) sum += unwrap<number>(item);
  return sum;
}
"""

TS_FOREVER = """let i: number = 0;
interface Counter {
  i: number;
}
while (true) {
  i++;
}
"""


async def _trace(client: httpx.AsyncClient, tokens: TokenFactory, **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/runs/trace", headers=tokens.headers(), json=body)
    assert response.status_code == 200, response.text
    trace: dict[str, Any] = response.json()
    return trace


async def test_a_typescript_trace_steps_through_the_learners_lines(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    trace = await _trace(
        client,
        tokens,
        language="typescript",
        code=TS_TWO_POINTERS,
        test_input=[[1, 2, 4, 7, 11], 9],
    )
    assert trace["error"] is None, trace
    assert trace["result"] == [1, 3]
    assert trace["array_variables"] == ["nums"]
    assert trace["pointer_variables"] == {"lo": "nums", "hi": "nums"}
    lines = [f["line"] for f in trace["frames"] if f["function"] == "pair"]
    # The JavaScript has these on lines 2, 3 and 4; `type Sum` (line 8) is no step.
    assert list(dict.fromkeys(lines))[:4] == [7, 9, 10, 11]
    assert 8 not in lines
    assert any(f["vars"].get("total") == 12 for f in trace["frames"])
    assert trace["stdout"] == "checking\n"
    assert set(trace) == {
        "frames",
        "array_variables",
        "pointer_variables",
        "result",
        "error",
        "stdout",
        "truncated",
    }


async def test_a_typescript_trace_follows_calls_and_places_errors_on_typescript_lines(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    trace = await _trace(
        client,
        tokens,
        language="typescript",
        code=TS_CALLS,
        test_input=[[{"value": 1}, {"value": 2}]],
        entry_point="total",
    )
    assert trace["error"] is None, trace
    assert trace["result"] == 3
    assert {f["line"] for f in trace["frames"] if f["function"] == "unwrap"} == {6, 9}
    assert {f["line"] for f in trace["frames"] if f["function"] == "total"} >= {13, 14, 15}

    broken = await _trace(
        client, tokens, language="typescript", code=TS_CALLS, test_input=[[{"value": 1}, {}]]
    )
    assert broken["error"] == "Error: empty (line 7)"
    assert broken["frames"][-1]["line"] == 7


async def test_a_typescript_trace_is_bounded_at_the_step_cap(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    trace = await _trace(client, tokens, language="typescript", code=TS_FOREVER)
    assert trace["truncated"] is True, trace["error"]
    assert len(trace["frames"]) == 2000
    lines = {f["line"] for f in trace["frames"]}
    assert 6 in lines
    assert lines <= {1, 5, 6}


async def test_a_typescript_syntax_error_answers_as_a_javascript_one_does(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    ts = await _trace(
        client,
        tokens,
        language="typescript",
        code="interface P {\n  x: number;\n}\nlet a: P = { x: 1 };\nlet b c = 2;\n",
    )
    js = await _trace(
        client, tokens, language="javascript", code="let a = { x: 1 };\nlet b c = 2;\n"
    )
    assert js["error"].startswith("SyntaxError: ")
    assert js["error"].endswith("(line 2)")
    assert ts["error"] == 'SyntaxError: Expected ";" but found "c" (line 5)'
    for trace in (ts, js):
        assert trace["frames"] == []
        assert trace["result"] is None
        assert trace["truncated"] is False
