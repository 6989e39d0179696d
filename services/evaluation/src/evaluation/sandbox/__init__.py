"""The code sandbox: bubblewrap, cgroup limits, and a harness that runs all tests in one go."""

from evaluation.sandbox.models import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    RunResult,
    SandboxConfig,
    SandboxUnavailable,
    TestCase,
    TestResult,
    Verdict,
)
from evaluation.sandbox.sandbox import Sandbox

__all__ = [
    "Execution",
    "JudgeResult",
    "Language",
    "Limits",
    "RunResult",
    "Sandbox",
    "SandboxConfig",
    "SandboxUnavailable",
    "TestCase",
    "TestResult",
    "Verdict",
]
