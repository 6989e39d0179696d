"""The content pack proves itself in the real sandbox: references pass, starters do not.

A broken item fails the build with its name (the test id is the item's id).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.catalogue.vocabulary import PATTERNS
from evaluation.sandbox import (
    Execution,
    Language,
    Limits,
    Sandbox,
    SandboxConfig,
    TestCase,
    Verdict,
)

PACK = Path(__file__).resolve().parents[2] / "services" / "content" / "pack"
CODING = sorted(PACK.glob("coding/*.yaml"))
LANGUAGES = (Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT)
HINT_LEVELS = [
    "DIRECTIONAL_QUESTION",
    "HEURISTIC_HINT",
    "CONCEPT_INJECTION",
    "MICRO_EXAMPLE",
    "PATCH_SNIPPET",
]
# Two sandboxes per core keeps the machine busy without starving the judge's time limits.
PARALLEL = asyncio.Semaphore(4)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    return Sandbox(SandboxConfig())


async def judge(sandbox: Sandbox, problem: dict[str, Any], language: Language, code: str):
    execution = problem["execution"]
    async with PARALLEL:
        return await sandbox.judge(
            language=language,
            code=code,
            execution=Execution(
                execution["mode"],
                execution.get("entry_point"),
                execution.get("comparison", "exact"),
            ),
            tests=[
                TestCase(t["input"], t["expected_output"], t.get("is_hidden", False))
                for t in problem["tests"]
            ],
            # generous limits: the pack check runs beside other tests on a small machine
            limits=Limits(
                time_limit_ms=max(problem.get("time_limit_ms", 2000), 4000),
                memory_mb=problem.get("memory_limit_mb", 256),
            ),
        )


def test_the_pack_covers_every_pattern_and_rung() -> None:
    problems = [load(p) for p in CODING]
    assert len(problems) >= 40
    assert {p["pattern"] for p in problems} == set(PATTERNS)
    assert {p["rung"] for p in problems} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("path", CODING, ids=[p.stem for p in CODING])
def test_a_coding_problem_is_complete(path: Path) -> None:
    problem = load(path)
    assert problem["id"] == path.stem
    assert len(problem["tests"]) >= 8
    assert sum(t["is_hidden"] for t in problem["tests"]) >= 3
    assert [h["level"] for h in problem["hints"]] == HINT_LEVELS
    assert (
        set(problem["starter_code"])
        == set(problem["reference_solutions"])
        == {"python", "javascript", "typescript"}
    )
    assert problem["target_complexity"]["time"]
    assert "def generate(" in problem["generator"]


@pytest.mark.parametrize("path", CODING, ids=[p.stem for p in CODING])
async def test_references_pass_and_starters_fail_in_every_language(
    path: Path, sandbox: Sandbox
) -> None:
    problem = load(path)
    references = await asyncio.gather(
        *(
            judge(sandbox, problem, lang, problem["reference_solutions"][lang.value])
            for lang in LANGUAGES
        )
    )
    starters = await asyncio.gather(
        *(judge(sandbox, problem, lang, problem["starter_code"][lang.value]) for lang in LANGUAGES)
    )
    for lang, result in zip(LANGUAGES, references, strict=True):
        assert result.verdict is Verdict.ACCEPTED, f"{lang.value} reference: {result.explanation}"
    for lang, result in zip(LANGUAGES, starters, strict=True):
        assert result.verdict is not Verdict.ACCEPTED, f"{lang.value} starter solves it"
        assert result.verdict is not Verdict.COMPILE_ERROR, (
            f"{lang.value} starter: {result.explanation}"
        )


@pytest.mark.parametrize("path", CODING, ids=[p.stem for p in CODING])
async def test_the_generator_makes_valid_input(path: Path, sandbox: Sandbox) -> None:
    problem = load(path)
    program = problem["generator"] + "\nimport json\nprint(json.dumps(generate(200, 7)))\n"
    async with PARALLEL:
        run = await sandbox.run(
            language=Language.PYTHON, code=program, stdin="", limits=Limits(time_limit_ms=5000)
        )
    assert run.status == "ok", run.stderr
    arguments = json.loads(run.stdout)
    assert isinstance(arguments, list)
