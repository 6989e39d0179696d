"""Running a debug lab's tests: the visible ones, then (on submit) with the hidden ones laid over.

The hidden run's output never leaves this module: learners get whether the hidden tests passed
and how many there were and passed (as the seed's `hiddenTestsResult` shows), never their names,
assertions or output, which would give them away.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from contracts.practice import ProjectSpec
from evaluation.domain.project_tests import Judgement, TestCounts, judge
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
    visible_judgement = _judged(visible)
    feedback: dict[str, Any] = {"visible": _shown(visible, visible_judgement), "hidden": None}
    runs, judgement = [visible], visible_judgement
    if spec.hidden_files:
        files = {**spec.files, **spec.hidden_files}
        together = await sandbox.run_project(
            language=language, files=files, test_command=command, limits=limits
        )
        runs.append(together)
        judgement = _judged(together)
        feedback["hidden"] = _hidden_only(judgement, visible_judgement)
    verdict = _verdict(runs[-1], judgement)
    counts = judgement.counts
    return ProjectOutcome(
        verdict=verdict,
        tests_passed=counts.passed,
        tests_total=counts.total,
        duration_ms=round(sum(r.duration_ms for r in runs), 3),
        memory_kb=max((r.memory_kb for r in runs if r.memory_kb is not None), default=None),
        feedback=feedback,
        explanation=_explain(verdict, counts),
    )


def _judged(run: RunResult) -> Judgement:
    return judge(run.status, run.exit_code, run.report)


def _shown(run: RunResult, judgement: Judgement) -> dict[str, Any]:
    return {
        "passed": judgement.passed,
        "signal_type": judgement.signal_type,
        "tests_passed": judgement.counts.passed,
        "tests_total": judgement.counts.total,
        "stdout": run.stdout[-OUTPUT_SHOWN:],
        "stderr": run.stderr[-OUTPUT_SHOWN:],
        "exit_code": run.exit_code,
        "execution_time_ms": round(run.duration_ms),
    }


def _hidden_only(together: Judgement, visible: Judgement) -> dict[str, Any]:
    """The hidden tests' share of a run of all the tests: whether they passed and how many."""
    total = max(together.counts.total - visible.counts.total, 0)
    passed = min(max(together.counts.passed - visible.counts.passed, 0), total)
    return {"passed": together.passed, "tests_passed": passed, "tests_total": total}


def _verdict(run: RunResult, judgement: Judgement) -> str:
    if run.status in _STOPPED or run.status == "internal_error":
        return run.status
    if judgement.passed:
        return "accepted"
    return "runtime_error" if judgement.signal_type == "crash" else "wrong_answer"


def _explain(verdict: str, counts: TestCounts) -> str:
    if verdict == "accepted":
        return f"{counts.passed} of {counts.total} tests pass."
    if verdict == "wrong_answer":
        return f"{counts.failed} of {counts.total} tests fail."
    if verdict == "runtime_error":
        return "The tests did not get to run to the end: the program crashed first."
    return f"The test run stopped: {verdict.replace('_', ' ')}."
