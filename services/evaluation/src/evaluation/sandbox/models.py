"""The sandbox's vocabulary: languages, verdicts, limits, tests and results."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal


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
    """The sandbox cannot be set up here; code must not run."""


@dataclass(frozen=True)
class Limits:
    time_limit_ms: int = 2000  # per test
    wall_time_ms: int | None = None  # whole sandbox; derived from the tests when None
    memory_mb: int = 256
    max_processes: int = 64
    max_output_bytes: int = 64 * 1024  # per test and stream
    max_file_bytes: int = 1024 * 1024

    def wall_seconds(self, tests: int) -> float:
        if self.wall_time_ms is not None:
            return self.wall_time_ms / 1000
        return 2.0 + tests * self.time_limit_ms / 1000 * 1.5


@dataclass(frozen=True)
class Execution:
    mode: Literal["function", "stdio"]
    entry_point: str | None = None
    comparison: Literal["exact", "unordered", "float"] = "exact"


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class

    input: Any
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
    error: str | None = None


@dataclass(frozen=True)
class JudgeResult:
    verdict: Verdict
    tests: list[TestResult]
    compile_output: str | None = None
    duration_ms: float = 0.0
    memory_kb: int | None = None
    explanation: str | None = None


@dataclass(frozen=True)
class RunResult:
    stdout: str
    stderr: str
    exit_code: int | None
    signal: int | None
    duration_ms: float
    memory_kb: int | None
    status: Literal[
        "ok",
        "runtime_error",
        "time_limit_exceeded",
        "memory_limit_exceeded",
        "output_limit_exceeded",
        "compile_error",
        "internal_error",
    ]


def _resolved(path: str | None) -> str:
    return str(Path(path).resolve()) if path else ""


@dataclass(frozen=True)
class SandboxConfig:
    # Interpreters by absolute, resolved path: a pyenv shim costs ~4x at start (field notes).
    python_bin: str = field(default_factory=lambda: _resolved(sys.executable))
    node_bin: str = field(default_factory=lambda: _resolved(shutil.which("node")))
    esbuild_bin: str = field(
        default_factory=lambda: str(
            Path(__file__).resolve().parents[5]
            / ".tools/node/node_modules/@esbuild/linux-x64/bin/esbuild"
        )
    )
    bwrap_bin: str = "/usr/bin/bwrap"
    cgroup_root: Path | None = None  # None: detect v1 or v2
    allow_unsandboxed: bool = False
    work_root: Path | None = None
