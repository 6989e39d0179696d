"""Judging a debug lab's test run by its exit status and its runner's own record.

Nothing the project prints counts: test counts come from the records our reporter sends on a
channel of its own (`started`; a `summary` per test-runner run, with passed, failed and skipped;
`finished`, with whether the command came to its own end), and a run passes only when the
command exited 0 and that record is complete and agrees: it started and finished by itself, and
any runner that ran ran tests and none failed. A command with no test runner in it (a plain
script that prints its checks) is one check, passed by exiting 0. A command we cannot watch at
all (no reporter: neither Python nor Node) has only its exit status to go by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

SignalType = Literal["success", "test_failure", "timeout", "crash"]
MAX_COUNT = 1_000_000  # far more tests than any lab has


@dataclass(frozen=True)
class TestCounts:
    __test__ = False  # not a pytest class

    total: int
    passed: int

    @property
    def failed(self) -> int:
        return self.total - self.passed


@dataclass(frozen=True)
class RunnerRecord:
    """What our reporter said: whether the command ran to its own end, and the tests it ran."""

    finished: bool
    counts: TestCounts | None  # None: no test runner ran (a plain script)


@dataclass(frozen=True)
class Judgement:
    signal_type: SignalType
    counts: TestCounts

    @property
    def passed(self) -> bool:
        return self.signal_type == "success"


def read_record(records: Sequence[Mapping[str, Any]]) -> RunnerRecord | None:
    """The reporter's record, or None when it never started or a record is not one of ours."""
    if not records or records[0].get("event") != "started":
        return None
    finished = False
    passed = failed = summaries = 0
    for record in records[1:]:
        if finished:  # nothing of ours comes after the end
            return None
        event = record.get("event")
        if event == "summary":
            numbers = [_count(record.get(key)) for key in ("passed", "failed", "skipped")]
            if None in numbers:
                return None
            passed, failed = passed + (numbers[0] or 0), failed + (numbers[1] or 0)
            summaries += 1
        elif event == "finished" and type(record.get("by_itself")) is bool:
            finished = record["by_itself"]
            if not finished:
                return RunnerRecord(finished=False, counts=None)
        else:
            return None
    counts = TestCounts(total=passed + failed, passed=passed) if summaries else None
    return RunnerRecord(finished=finished, counts=counts)


def judge(
    status: str, exit_code: int | None, report: Sequence[Mapping[str, Any]] | None
) -> Judgement:
    """success only when the command exited 0 and, if it was watched, its record agrees."""
    exited_cleanly = status == "ok" and exit_code == 0
    if report is None:  # no reporter: the command's exit status is all there is
        return _by_exit_status(status, exit_code, TestCounts(total=1, passed=int(exited_cleanly)))
    record = read_record(report)
    if status == "time_limit_exceeded":
        counts = record.counts if record is not None and record.counts else TestCounts(0, 0)
        return Judgement("timeout", counts)
    if record is None or not record.finished:  # cut short, or never got going
        counts = record.counts if record is not None and record.counts else TestCounts(0, 0)
        return Judgement("crash", counts)
    if record.counts is None:  # no test runner ran: the script itself is the one check
        return _by_exit_status(status, exit_code, TestCounts(total=1, passed=int(exited_cleanly)))
    counts = record.counts
    success = exited_cleanly and counts.total > 0 and counts.failed == 0
    return Judgement("success" if success else "test_failure", counts)


def _by_exit_status(status: str, exit_code: int | None, counts: TestCounts) -> Judgement:
    if status == "ok" and exit_code == 0:
        return Judgement("success", counts)
    if status == "time_limit_exceeded":
        return Judgement("timeout", counts)
    # It exited with a failure code: its checks failed. Killed by a signal or a limit: a crash.
    return Judgement("test_failure" if status == "runtime_error" and exit_code else "crash", counts)


def _count(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value <= MAX_COUNT else None
