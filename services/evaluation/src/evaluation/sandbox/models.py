"""The sandbox's vocabulary: languages, verdicts, limits, tests, results and configuration."""

from __future__ import annotations

import platform
import re
import shutil
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

RunStatus = Literal[
    "ok",
    "runtime_error",
    "time_limit_exceeded",
    "memory_limit_exceeded",
    "output_limit_exceeded",
    "compile_error",
    "internal_error",
]
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


class Language(StrEnum):
    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    INTERNAL_ERROR = "internal_error"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be set up here, so no code may run."""


# Starting an interpreter and compiling (esbuild for TypeScript) is not the learner's time.
STARTUP_SECONDS = 10.0


@dataclass(frozen=True)
class Limits:
    time_limit_ms: int = 2000  # per test, measured by the host
    wall_time_ms: int | None = None  # the whole sandbox; None: derived from the tests
    memory_mb: int = 256  # the cgroup's limit, for every process of the sandbox together
    max_processes: int = 64  # processes and threads
    max_output_bytes: int = 64 * 1024  # per test and stream
    max_file_bytes: int = 1024 * 1024  # any one file written

    def __post_init__(self) -> None:
        numbers = (
            self.time_limit_ms,
            self.memory_mb,
            self.max_processes,
            self.max_output_bytes,
            self.max_file_bytes,
        )
        if min(numbers) <= 0 or (self.wall_time_ms is not None and self.wall_time_ms <= 0):
            raise ValueError("limits must be positive")

    def wall_seconds(self, tests: int) -> float:
        """The whole sandbox's deadline: start-up, loading the code, then every test."""
        if self.wall_time_ms is not None:
            return self.wall_time_ms / 1000
        return STARTUP_SECONDS + (tests + 1) * self.time_limit_ms / 1000


@dataclass(frozen=True)
class Execution:
    mode: Literal["function", "stdio"]
    entry_point: str | None = None  # snake_case; JavaScript and TypeScript use lowerCamelCase
    comparison: Literal["exact", "unordered", "float"] = "exact"

    def __post_init__(self) -> None:
        if self.mode == "function" and not (
            self.entry_point and IDENTIFIER.fullmatch(self.entry_point)
        ):
            raise ValueError(f"function mode needs an identifier entry point: {self.entry_point!r}")


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class

    input: Any  # function mode: the list of arguments; stdio mode: the stdin text
    expected_output: Any
    is_hidden: bool = False


@dataclass(frozen=True)
class TestResult:
    __test__ = False

    test_index: int
    passed: bool
    verdict: Verdict
    input: Any
    expected: Any
    actual: Any
    stdout: str = ""
    stderr: str = ""
    duration_ms: float = 0.0
    memory_kb: int | None = None
    error: str | None = None  # what went wrong, in plain words


@dataclass(frozen=True)
class JudgeResult:
    verdict: Verdict  # the first failed test's, else accepted
    tests: list[TestResult]
    compile_output: str | None = None
    duration_ms: float = 0.0  # the tests' time together
    memory_kb: int | None = None  # the largest of the tests'
    explanation: str | None = None  # the first failure in plain words


@dataclass(frozen=True)
class RunResult:
    stdout: str
    stderr: str
    exit_code: int | None
    signal: int | None
    duration_ms: float
    memory_kb: int | None
    status: RunStatus
    # A project's test runner's own records (started, summary, finished), from our reporter;
    # None when the command ran without one, so only its exit status tells.
    report: tuple[dict[str, Any], ...] | None = None


def _resolved(path: str | None) -> str:
    return str(Path(path).resolve()) if path else ""


def _default_esbuild() -> str:
    # scripts/install-node-tools.sh installs the pinned esbuild into <repo>/.tools/node.
    repo = Path(__file__).resolve().parents[5]
    arch = {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    return str(repo / f".tools/node/node_modules/@esbuild/linux-{arch}/bin/esbuild")


@dataclass(frozen=True)
class SandboxConfig:
    # Interpreters by absolute, resolved path: a pyenv shim costs ~4x at start (field notes).
    python_bin: str = field(default_factory=lambda: _resolved(sys.executable))
    node_bin: str = field(default_factory=lambda: _resolved(shutil.which("node")))
    esbuild_bin: str = field(default_factory=_default_esbuild)  # the TypeScript compiler
    bwrap_bin: str = field(
        default_factory=lambda: _resolved(shutil.which("bwrap") or "/usr/bin/bwrap")
    )
    cgroup_root: Path | None = None  # None: /sys/fs/cgroup, v1 or v2 detected
    allow_unsandboxed: bool = False  # local development only; every run logs a warning
    work_root: Path | None = None  # where private work folders are made; None: the temp dir
