"""Running a debug lab's tests: the visible ones, then (on submit) with the hidden ones laid over.

The hidden run's output never leaves this module: learners get its counts only,
since its stdout would show the hidden tests' names and assertions.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from contracts.practice import ProjectSpec
from evaluation.domain.project_tests import TestCounts, count_tests, signal_type
from evaluation.sandbox import Language, Limits, RunResult, Sandbox

OUTPUT_SHOWN = 16 * 1024  # of each stream, the end (where the failures are summarised)
# A run that stopped on a limit keeps its own name; a finished one is judged by its tests.
_STOPPED = {"time_limit_exceeded", "memory_limit_exceeded", "output_limit_exceeded"}


@dataclass(frozen=True)
class ProjectOutcome:
    verdict: str
    tests_passed: int
    tests_total: int
    duration_ms: float
    memory_kb: int | None
    feedback: dict[str, Any]
    explanation: str


async def test_project(sandbox: Sandbox, spec: ProjectSpec) -> ProjectOutcome:
    language = Language(spec.language)
    command = shlex.split(spec.test_command)
    limits = Limits(time_limit_ms=spec.time_limit_ms, memory_mb=512, max_output_bytes=256 * 1024)
    visible = await sandbox.run_project(
        language=language, files=spec.files, test_command=command, limits=limits
    )
    visible_counts = count_tests(visible.stdout, visible.stderr)
    feedback: dict[str, Any] = {"visible": _shown(visible, visible_counts), "hidden": None}
    runs, counts = [visible], visible_counts
    if spec.hidden_files:
        files = {**spec.files, **spec.hidden_files}
        together = await sandbox.run_project(
            language=language, files=files, test_command=command, limits=limits
        )
        runs.append(together)
        counts = count_tests(together.stdout, together.stderr)
        feedback["hidden"] = _hidden_only(together, counts, visible_counts)
    verdict = _verdict(runs[-1], counts)
    passed = counts.passed if counts else 0
    total = counts.total if counts else 0
    return ProjectOutcome(
        verdict=verdict,
        tests_passed=passed,
        tests_total=total,
        duration_ms=round(sum(r.duration_ms for r in runs), 3),
        memory_kb=max((r.memory_kb for r in runs if r.memory_kb is not None), default=None),
        feedback=feedback,
        explanation=_explain(verdict, passed, total),
    )


def _shown(run: RunResult, counts: TestCounts | None) -> dict[str, Any]:
    kind = signal_type(run.status, counts, run.exit_code)
    return {
        "passed": kind == "success",
        "signal_type": kind,
        "tests_passed": counts.passed if counts else 0,
        "tests_total": counts.total if counts else 0,
        "stdout": run.stdout[-OUTPUT_SHOWN:],
        "stderr": run.stderr[-OUTPUT_SHOWN:],
        "exit_code": run.exit_code,
        "execution_time_ms": round(run.duration_ms),
    }


def _hidden_only(
    run: RunResult, together: TestCounts | None, visible: TestCounts | None
) -> dict[str, Any]:
    """The hidden tests' share of a run of all the tests."""
    if together is None:
        return {"passed": False, "tests_passed": 0, "tests_total": 0}
    total = together.total - (visible.total if visible else 0)
    passed = together.passed - (visible.passed if visible else 0)
    success = signal_type(run.status, together, run.exit_code) == "success"
    return {"passed": success, "tests_passed": max(passed, 0), "tests_total": max(total, 0)}


def _verdict(run: RunResult, counts: TestCounts | None) -> str:
    if run.status in _STOPPED or run.status == "internal_error":
        return run.status
    kind = signal_type(run.status, counts, run.exit_code)
    if kind == "success":
        return "accepted"
    return "runtime_error" if kind == "crash" else "wrong_answer"


def _explain(verdict: str, passed: int, total: int) -> str:
    if verdict == "accepted":
        return f"All {total} tests pass."
    if verdict == "wrong_answer":
        return f"{total - passed} of {total} tests fail."
    if verdict == "runtime_error":
        return "The tests did not get to run to the end: the program crashed first."
    return f"The test run stopped: {verdict.replace('_', ' ')}."
