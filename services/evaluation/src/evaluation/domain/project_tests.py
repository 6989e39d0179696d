"""Reading a debug lab's test run: how many tests ran and passed, and what kind of ending it was.

The runners are Python's unittest (`Ran N tests`, `FAILED (failures=F, errors=E)`
on stderr) and Node's built-in runner (`# tests N`, `# pass P`, `# fail F` on
stdout). The last summary wins: the project's own code could print one first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SignalType = Literal["success", "test_failure", "timeout", "crash"]

_UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in ", re.MULTILINE)
_UNITTEST_END = re.compile(r"^(OK|FAILED)(?: \(([^)]*)\))?\s*$", re.MULTILINE)
_NODE_COUNT = re.compile(r"^# (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class TestCounts:
    __test__ = False  # not a pytest class

    total: int
    passed: int

    @property
    def failed(self) -> int:
        return self.total - self.passed


def count_tests(stdout: str, stderr: str) -> TestCounts | None:
    """The runner's own summary, or None when it never got to print one."""
    return _unittest(stderr) or _unittest(stdout) or _node(stdout) or _node(stderr)


def _unittest(text: str) -> TestCounts | None:
    ran = _UNITTEST_RAN.findall(text)
    ends = _UNITTEST_END.findall(text)
    if not ran or not ends:
        return None
    counts = dict(
        (key.strip(), int(value))
        for key, value in (part.split("=") for part in ends[-1][1].split(",") if "=" in part)
    )
    total = int(ran[-1]) - counts.get("skipped", 0) - counts.get("expected failures", 0)
    broken = counts.get("failures", 0) + counts.get("errors", 0)
    broken += counts.get("unexpected successes", 0)
    return TestCounts(total=max(total, 0), passed=max(total - broken, 0))


def _node(text: str) -> TestCounts | None:
    counts: dict[str, int] = {}
    for name, value in _NODE_COUNT.findall(text):
        counts[name] = int(value)  # later lines overwrite earlier ones
    if "tests" not in counts or "pass" not in counts:
        return None
    total = counts["tests"] - counts.get("skipped", 0) - counts.get("todo", 0)
    return TestCounts(total=max(total, 0), passed=min(counts["pass"], max(total, 0)))


def signal_type(status: str, counts: TestCounts | None, exit_code: int | None) -> SignalType:
    """success only when the runner exited cleanly, ran tests and none failed."""
    if status == "time_limit_exceeded":
        return "timeout"
    if counts is None:
        return "crash"
    if status == "ok" and exit_code == 0 and counts.total > 0 and counts.failed == 0:
        return "success"
    return "test_failure"
