"""Turning what the harness reported into verdicts, compared outside the sandbox."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from evaluation.sandbox.compare import answers_match, stdout_matches
from evaluation.sandbox.models import (
    Execution,
    JudgeResult,
    Limits,
    RunResult,
    TestCase,
    TestResult,
    Verdict,
)
from evaluation.sandbox.process import Finished

STATUS_VERDICTS = {
    "timeout": Verdict.TIME_LIMIT_EXCEEDED,
    "memory": Verdict.MEMORY_LIMIT_EXCEEDED,
    "output": Verdict.OUTPUT_LIMIT_EXCEEDED,
    "error": Verdict.RUNTIME_ERROR,
}


class ChannelCorrupted(ValueError):
    """The result channel held something the harness never writes."""


def parse_records(raw: bytes) -> tuple[dict[str, Any] | None, dict[int, dict[str, Any]]]:
    compile_line: dict[str, Any] | None = None
    records: dict[int, dict[str, Any]] = {}
    for line in raw.decode(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ChannelCorrupted("unreadable result") from exc
        if not isinstance(record, dict):
            raise ChannelCorrupted("unexpected result")
        if "compile" in record:
            if compile_line is not None:
                raise ChannelCorrupted("two compile results")
            compile_line = record
            continue
        index = record.get("i")
        if not isinstance(index, int) or index in records:
            raise ChannelCorrupted("a test reported twice")
        records[index] = record
    return compile_line, records


def death_verdict(finished: Finished) -> tuple[Verdict, str]:
    """Why the sandbox stopped before reporting every test."""
    if finished.oom:
        return Verdict.MEMORY_LIMIT_EXCEEDED, "the program used more memory than allowed"
    if finished.flooded:
        return Verdict.OUTPUT_LIMIT_EXCEEDED, "the program wrote more output than allowed"
    if finished.timed_out or finished.signal in (9, 24):  # SIGKILL by us, SIGXCPU
        return Verdict.TIME_LIMIT_EXCEEDED, "the program ran out of time"
    detail = f"signal {finished.signal}" if finished.signal else f"exit code {finished.exit_code}"
    return Verdict.RUNTIME_ERROR, f"the program crashed ({detail})"


def judge_results(
    finished: Finished, tests: Sequence[TestCase], execution: Execution, limits: Limits
) -> JudgeResult:
    try:
        compile_line, records = parse_records(finished.results)
    except ChannelCorrupted as exc:
        return _all(
            tests, Verdict.RUNTIME_ERROR, f"the result channel was tampered with: {exc}", finished
        )
    if compile_line is None:
        verdict, why = death_verdict(finished)
        return _all(
            tests,
            verdict if verdict is not Verdict.RUNTIME_ERROR else Verdict.INTERNAL_ERROR,
            why,
            finished,
        )
    if compile_line.get("compile") == "error":
        message = str(compile_line.get("message", ""))
        return JudgeResult(
            Verdict.COMPILE_ERROR,
            [_result(i, t, Verdict.COMPILE_ERROR, message) for i, t in enumerate(tests)],
            compile_output=message,
            duration_ms=finished.duration_ms,
            explanation=f"The code does not compile: {message}",
        )
    load = records.get(-1)
    if execution.mode == "function" and load is not None and load.get("status") != "ok":
        verdict = STATUS_VERDICTS.get(str(load.get("status")), Verdict.RUNTIME_ERROR)
        return _all(tests, verdict, str(load.get("error") or "loading the code failed"), finished)
    results: list[TestResult] = []
    stop: tuple[Verdict, str] | None = None
    for index, test in enumerate(tests):
        record = records.get(index)
        if record is None:
            stop = stop or _stopped_by(results, finished)
            results.append(_result(index, test, stop[0], stop[1]))
            continue
        results.append(_judged(index, test, record, execution, limits))
    return _summarise(results, tests, finished)


def _stopped_by(results: list[TestResult], finished: Finished) -> tuple[Verdict, str]:
    """Tests after a time or memory failure are not run: they share its verdict."""
    last = results[-1] if results else None
    if last is not None and last.verdict in (
        Verdict.TIME_LIMIT_EXCEEDED,
        Verdict.MEMORY_LIMIT_EXCEEDED,
    ):
        return last.verdict, f"not run: test {last.test_index + 1} already failed this way"
    return death_verdict(finished)


def _judged(
    index: int, test: TestCase, record: dict[str, Any], execution: Execution, limits: Limits
) -> TestResult:
    status = record.get("status")
    stdout, stderr = str(record.get("stdout", "")), str(record.get("stderr", ""))
    actual = record.get("actual") if execution.mode == "function" else stdout
    duration = float(record.get("duration_ms", 0))
    memory = record.get("memory_kb")
    if status != "ok":
        verdict = STATUS_VERDICTS.get(str(status), Verdict.RUNTIME_ERROR)
        error = record.get("error") or _status_words(verdict, limits)
        return TestResult(
            index,
            False,
            verdict,
            test.input,
            test.expected_output,
            None,
            stdout,
            stderr,
            duration,
            memory,
            str(error),
        )
    if execution.mode == "function":
        passed = answers_match(test.expected_output, actual, execution.comparison)
    else:
        passed = stdout_matches(str(test.expected_output), stdout)
    verdict = Verdict.ACCEPTED if passed else Verdict.WRONG_ANSWER
    return TestResult(
        index,
        passed,
        verdict,
        test.input,
        test.expected_output,
        actual,
        stdout,
        stderr,
        duration,
        memory,
    )


def _status_words(verdict: Verdict, limits: Limits) -> str:
    return {
        Verdict.TIME_LIMIT_EXCEEDED: f"took longer than {limits.time_limit_ms} ms",
        Verdict.MEMORY_LIMIT_EXCEEDED: f"used more than {limits.memory_mb} MB",
        Verdict.OUTPUT_LIMIT_EXCEEDED: f"printed more than {limits.max_output_bytes} bytes",
    }.get(verdict, "failed")


def _result(index: int, test: TestCase, verdict: Verdict, error: str) -> TestResult:
    return TestResult(index, False, verdict, test.input, test.expected_output, None, error=error)


def _all(tests: Sequence[TestCase], verdict: Verdict, why: str, finished: Finished) -> JudgeResult:
    results = [_result(i, t, verdict, why) for i, t in enumerate(tests)]
    return JudgeResult(
        verdict,
        results,
        duration_ms=finished.duration_ms,
        explanation=f"{why[:1].upper()}{why[1:]}.",
    )


def _summarise(
    results: list[TestResult], tests: Sequence[TestCase], finished: Finished
) -> JudgeResult:
    failed = next((r for r in results if not r.passed), None)
    memory = max((r.memory_kb or 0 for r in results), default=0) or None
    return JudgeResult(
        verdict=failed.verdict if failed else Verdict.ACCEPTED,
        tests=results,
        duration_ms=finished.duration_ms,
        memory_kb=memory,
        explanation=explain(failed, tests[failed.test_index].is_hidden) if failed else None,
    )


def explain(failed: TestResult, hidden: bool) -> str:
    """The first failure in plain words; a hidden test never reveals its data."""
    name = f"Hidden test {failed.test_index + 1}" if hidden else f"Test {failed.test_index + 1}"
    if failed.verdict is Verdict.WRONG_ANSWER:
        if hidden:
            return f"{name}: your answer was wrong."
        return (
            f"{name}: expected {_show(failed.expected)} but your code returned "
            f"{_show(failed.actual)}."
        )
    return f"{name}: {failed.error or failed.verdict.value.replace('_', ' ')}."


def _show(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value.strip())
    return text if len(text) <= 200 else text[:197] + "..."


def run_result(finished: Finished, limits: Limits) -> RunResult:
    """A single custom run: the program's own output, with the reason it stopped."""
    try:
        compile_line, records = parse_records(finished.results)
    except ChannelCorrupted:
        compile_line, records = None, {}
    record = records.get(0, {})
    if compile_line and compile_line.get("compile") == "error":
        return RunResult(
            "",
            str(compile_line.get("message", "")),
            None,
            None,
            finished.duration_ms,
            None,
            "compile_error",
        )
    status = {
        "ok": "ok",
        "timeout": "time_limit_exceeded",
        "memory": "memory_limit_exceeded",
        "output": "output_limit_exceeded",
        "error": "runtime_error",
    }.get(str(record.get("status")), "")
    if not status:
        verdict, _ = death_verdict(finished)
        status = verdict.value if verdict is not Verdict.RUNTIME_ERROR else "runtime_error"
    return RunResult(
        stdout=str(record.get("stdout", "")),
        stderr=str(record.get("stderr") or record.get("error") or ""),
        exit_code=0 if status == "ok" else 1,
        signal=finished.signal,
        duration_ms=float(record.get("duration_ms", finished.duration_ms)),
        memory_kb=record.get("memory_kb"),
        status=status,  # type: ignore[arg-type]
    )


def script_result(finished: Finished) -> RunResult:
    """One of our own programs: its raw output and why it stopped."""
    if finished.exit_code == 0 and not (finished.oom or finished.flooded or finished.timed_out):
        status = "ok"
    else:
        verdict, _ = death_verdict(finished)
        status = verdict.value
    return RunResult(
        stdout=finished.stdout.decode(errors="replace"),
        stderr=finished.stderr.decode(errors="replace"),
        exit_code=finished.exit_code,
        signal=finished.signal,
        duration_ms=finished.duration_ms,
        memory_kb=None,
        status=status,  # type: ignore[arg-type]
    )
