"""From what the host saw of each test to verdicts and plain-words explanations (no I/O here)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from evaluation.sandbox.compare import answers_match, normalise, stdout_matches
from evaluation.sandbox.models import (
    Execution,
    JudgeResult,
    Limits,
    TestCase,
    TestResult,
    Verdict,
)
from evaluation.sandbox.protocol import NO_ANSWER, Reply

SIGXCPU, SIGXFSZ = 24, 25
INTERNAL = "The sandbox could not run the code; that is our fault, not the code's."


class Stop(StrEnum):
    """Why the host ended the sandbox (or saw it end) before a reply came."""

    TIME = "time"
    MEMORY = "memory"
    OUTPUT = "output"
    CRASH = "crash"  # the harness's process ended
    BREACH = "breach"  # a reply the harness never writes


@dataclass(frozen=True)
class Outcome:
    """One test as the host saw it: the reply (None if it never came) and its own measures."""

    reply: Reply | None
    duration_ms: float
    memory_kb: int | None = None
    stdout: str = ""  # raw output of the sandbox during the test, after the harness's capture
    stderr: str = ""
    stop: Stop | None = None
    exit_code: int | None = None
    signal: int | None = None


def stop_verdict(outcome: Outcome, limits: Limits) -> tuple[Verdict, str]:
    """Why a test ended without a reply, or with a reply the host overrules (memory)."""
    if outcome.stop is Stop.TIME or outcome.signal == SIGXCPU:
        return Verdict.TIME_LIMIT_EXCEEDED, f"took longer than the {limits.time_limit_ms} ms limit"
    if outcome.stop is Stop.MEMORY:
        return Verdict.MEMORY_LIMIT_EXCEEDED, f"used more than the {limits.memory_mb} MB limit"
    if outcome.stop is Stop.OUTPUT:
        return Verdict.OUTPUT_LIMIT_EXCEEDED, _output_words(limits)
    if outcome.stop is Stop.BREACH:
        return Verdict.RUNTIME_ERROR, "the code wrote on the judge's private channel"
    if outcome.signal == SIGXFSZ:
        return Verdict.RUNTIME_ERROR, f"wrote a file larger than {limits.max_file_bytes} bytes"
    how = f"signal {outcome.signal}" if outcome.signal else f"exit code {outcome.exit_code}"
    return Verdict.RUNTIME_ERROR, f"the program stopped before finishing ({how})"


def reply_verdict(
    reply: Reply, test: TestCase, execution: Execution, limits: Limits
) -> tuple[Verdict, str | None, Any]:
    """Verdict, error words and the answer of a test that replied."""
    if reply.status == "output":
        return Verdict.OUTPUT_LIMIT_EXCEEDED, _output_words(limits), None
    if reply.error_type == "MemoryError":
        return (
            Verdict.MEMORY_LIMIT_EXCEEDED,
            f"ran out of memory ({reply.error or 'MemoryError'})",
            None,
        )
    if reply.status == "error":
        return Verdict.RUNTIME_ERROR, reply.error or "the code raised an error", None
    if execution.mode == "stdio":
        if reply.signal == SIGXCPU:
            return (
                Verdict.TIME_LIMIT_EXCEEDED,
                f"took longer than the {limits.time_limit_ms} ms limit",
                reply.stdout,
            )
        if reply.signal or reply.exit_code:
            return Verdict.RUNTIME_ERROR, _exit_words(reply), reply.stdout
        passed = stdout_matches(str(test.expected_output), reply.stdout)
        return (Verdict.ACCEPTED if passed else Verdict.WRONG_ANSWER), None, reply.stdout
    if reply.actual is NO_ANSWER:
        return Verdict.RUNTIME_ERROR, "the code returned no answer", None
    passed = answers_match(normalise(test.expected_output), reply.actual, execution.comparison)
    return (Verdict.ACCEPTED if passed else Verdict.WRONG_ANSWER), None, reply.actual


def _exit_words(reply: Reply) -> str:
    last = reply.stderr.strip().splitlines()[-1:] or [""]
    cause = f": {last[0][:500]}" if last[0] else ""
    if reply.signal:
        return f"the program was killed by signal {reply.signal}{cause}"
    return f"the program exited with code {reply.exit_code}{cause}"


def _output_words(limits: Limits) -> str:
    return f"printed more than the {limits.max_output_bytes}-byte output limit"


def result_of(
    index: int, test: TestCase, outcome: Outcome, execution: Execution, limits: Limits
) -> TestResult:
    reply = outcome.reply
    stdout = (reply.stdout if reply else "") + outcome.stdout
    stderr = (reply.stderr if reply else "") + outcome.stderr
    error: str | None
    if reply is None or outcome.stop is not None:
        verdict, error = stop_verdict(outcome, limits)
        actual = None
    else:
        verdict, error, actual = reply_verdict(reply, test, execution, limits)
    return TestResult(
        test_index=index,
        passed=verdict is Verdict.ACCEPTED,
        verdict=verdict,
        input=test.input,
        expected=test.expected_output,
        actual=actual,
        stdout=stdout,
        stderr=stderr,
        duration_ms=round(outcome.duration_ms, 3),
        memory_kb=outcome.memory_kb,
        error=error,
    )


def not_run(index: int, test: TestCase, verdict: Verdict, why: str) -> TestResult:
    return TestResult(index, False, verdict, test.input, test.expected_output, None, error=why)


def judged(
    tests: Sequence[TestCase], results: list[TestResult], execution: Execution
) -> JudgeResult:
    """Every test judged; tests a stop left unrun carry that stop's verdict."""
    failed = next((r for r in results if not r.passed), None)
    memory = [r.memory_kb for r in results if r.memory_kb is not None]
    return JudgeResult(
        verdict=failed.verdict if failed else Verdict.ACCEPTED,
        tests=results,
        duration_ms=round(sum(r.duration_ms for r in results), 3),
        memory_kb=max(memory) if memory else None,
        explanation=explain(failed, tests[failed.test_index], execution) if failed else None,
    )


def whole_run(
    tests: Sequence[TestCase], verdict: Verdict, why: str, *, compile_output: str | None = None
) -> JudgeResult:
    """One verdict for every test: compile errors, code that fails to load, a broken sandbox."""
    if verdict is Verdict.COMPILE_ERROR:
        explanation = f"The code does not compile: {why}"
    elif verdict is Verdict.INTERNAL_ERROR:
        explanation = INTERNAL
    else:
        explanation = f"Loading the code failed: {why}"
    return JudgeResult(
        verdict=verdict,
        tests=[not_run(i, t, verdict, why) for i, t in enumerate(tests)],
        compile_output=compile_output,
        explanation=explanation,
    )


def explain(failed: TestResult, test: TestCase, execution: Execution) -> str:
    """The first failure in plain words; a hidden test never shows its data or messages."""
    name = (
        f"Hidden test {failed.test_index + 1}"
        if test.is_hidden
        else f"Test {failed.test_index + 1}"
    )
    if failed.verdict is Verdict.WRONG_ANSWER:
        if test.is_hidden:
            return f"{name}: wrong answer."
        expected, actual = _show(failed.expected), _show(failed.actual)
        if execution.mode == "stdio":
            return f"{name}: expected output {expected} but the program printed {actual}."
        return f"{name}: expected {expected} but your function returned {actual}."
    if failed.verdict is Verdict.RUNTIME_ERROR and test.is_hidden:
        kind = (failed.error or "").split(":", 1)[0]
        return f"{name}: runtime error ({kind})." if kind else f"{name}: runtime error."
    return f"{name}: {failed.error or failed.verdict.value.replace('_', ' ')}."


def _show(value: Any) -> str:
    try:
        text = repr(value.strip()) if isinstance(value, str) else json.dumps(value)
    except (ValueError, RecursionError):
        text = "a value too deep to show"
    return text if len(text) <= 200 else text[:197] + "..."
