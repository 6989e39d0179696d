"""Bug-hunt items prove themselves in the real sandbox: the buggy code fails, the fix passes.

A broken item fails the build with its name (the test id is the file's stem, which is its id).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.packfiles import read_pack
from contracts.catalogue import Kind
from contracts.catalogue.vocabulary import PATTERNS
from evaluation.sandbox import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    Sandbox,
    SandboxConfig,
    TestCase,
    Verdict,
)

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
ITEMS = sorted(PACK.glob("bug_hunt/*.yaml"))
IDS = [p.stem for p in ITEMS]
FIELDS = (
    "id",
    "title",
    "pattern",
    "difficulty",
    "language",
    "prompt",
    "code",
    "bug_lines",
    "expected_concepts",
    "explanation",
    "hint",
    "fixed_code",
    "tests",
    "entry_point",
)
DIFFICULTIES = {"EASY", "MEDIUM", "HARD"}
LANGUAGES = {"python": Language.PYTHON, "javascript": Language.JAVASCRIPT}
COMPARISONS = {"exact", "unordered", "float"}
# A small machine runs this beside other tests: two sandboxes at a time keep time limits honest.
PARALLEL = asyncio.Semaphore(2)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def changed_lines(item: dict[str, Any]) -> set[int]:
    """1-based numbers of the lines where `code` and `fixed_code` differ."""
    pairs = zip(item["code"].splitlines(), item["fixed_code"].splitlines(), strict=True)
    return {number for number, (bug, fix) in enumerate(pairs, start=1) if bug != fix}


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    return Sandbox(SandboxConfig())


async def judge(sandbox: Sandbox, item: dict[str, Any], code: str) -> JudgeResult:
    async with PARALLEL:
        return await sandbox.judge(
            language=LANGUAGES[item["language"]],
            code=code,
            execution=Execution("function", item["entry_point"], item.get("comparison", "exact")),
            tests=[TestCase(t["input"], t["expected_output"]) for t in item["tests"]],
            limits=Limits(time_limit_ms=4000),
        )


def test_the_pack_loader_reads_the_bug_hunt_items() -> None:
    items = [i for i in read_pack(PACK) if i.kind is Kind.BUG_HUNT]
    assert len(items) >= 12
    assert {i.id for i in items} == set(IDS)
    assert {i.data["language"] for i in items} == set(LANGUAGES)


@pytest.mark.parametrize("path", ITEMS, ids=IDS)
def test_a_bug_hunt_item_is_complete(path: Path) -> None:
    item = load(path)
    missing = [field for field in FIELDS if item.get(field) in (None, "", [])]
    assert not missing, f"missing fields: {missing}"
    assert item["id"] == path.stem
    assert item["pattern"] in PATTERNS
    assert item["difficulty"] in DIFFICULTIES
    assert item["language"] in LANGUAGES
    assert item.get("comparison", "exact") in COMPARISONS
    assert 1 <= len(item["expected_concepts"]) <= 3
    assert all(c == c.lower() for c in item["expected_concepts"])
    assert 4 <= len(item["tests"]) <= 6
    assert all(isinstance(t["input"], list) and "expected_output" in t for t in item["tests"])


@pytest.mark.parametrize("path", ITEMS, ids=IDS)
def test_the_bug_lines_are_where_the_fix_differs(path: Path) -> None:
    item = load(path)
    lines = item["code"].splitlines()
    bug_lines = item["bug_lines"]
    assert bug_lines == sorted(set(bug_lines)), "bug_lines: sorted, no repeats"
    assert all(1 <= n <= len(lines) for n in bug_lines), f"outside 1..{len(lines)}"
    assert len(item["fixed_code"].splitlines()) == len(lines), "fixed_code: other line count"
    changed = changed_lines(item)
    assert changed & set(bug_lines), "the fix changes none of the bug lines"
    extra = sorted(changed - set(bug_lines))
    assert not extra, f"the fix also changes lines that are not bug lines: {extra}"


@pytest.mark.parametrize("path", ITEMS, ids=IDS)
async def test_the_buggy_code_fails_and_the_fix_passes(path: Path, sandbox: Sandbox) -> None:
    item = load(path)
    buggy, fixed = await asyncio.gather(
        judge(sandbox, item, item["code"]), judge(sandbox, item, item["fixed_code"])
    )
    assert fixed.verdict is Verdict.ACCEPTED, f"fixed_code: {fixed.explanation}"
    assert buggy.verdict is not Verdict.ACCEPTED, "the buggy code passes every test"
    # the bug must show as a wrong result, not as code the sandbox could not run
    assert buggy.verdict not in (Verdict.COMPILE_ERROR, Verdict.INTERNAL_ERROR), (
        f"code: {buggy.explanation}"
    )
