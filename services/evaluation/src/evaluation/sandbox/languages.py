"""What each language needs: its interpreter's command, the folders it reads, its names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluation.sandbox.models import Language, SandboxConfig
from evaluation.sandbox.policy import ESBUILD

HARNESS_DIR = Path(__file__).parent / "harness"
SOURCE_NAMES = {
    Language.PYTHON: "solution.py",
    Language.JAVASCRIPT: "solution.js",
    Language.TYPESCRIPT: "solution.ts",
}


@dataclass(frozen=True)
class Places:
    """Where the work folder, the harness and esbuild are, as the sandboxed process sees them."""

    work: str
    harness: str
    esbuild: str


def entry_point_name(language: Language, name: str) -> str:
    """pair_with_target_sum -> pairWithTargetSum for JavaScript and TypeScript."""
    if language is Language.PYTHON:
        return name
    stripped = name.lstrip("_")
    head, *rest = stripped.split("_")
    camel = head + "".join(part[:1].upper() + part[1:] for part in rest)
    return name[: len(name) - len(stripped)] + camel


def interpreter(language: Language, config: SandboxConfig) -> str:
    return config.python_bin if language is Language.PYTHON else config.node_bin


def harness_command(
    language: Language, config: SandboxConfig, places: Places, requests: int, replies: int
) -> list[str]:
    fds = [str(requests), str(replies)]
    if language is Language.PYTHON:
        # -I: no environment, user site or script folder; -S: no site import (half the start).
        return [config.python_bin, "-I", "-S", "-B", f"{places.harness}/harness.py", *fds]
    return [config.node_bin, f"{places.harness}/harness.js", *fds]


def project_command(command: Sequence[str], config: SandboxConfig) -> list[str]:
    """A lab's test command with its interpreter by absolute path (no PATH lookup, no shim)."""
    program, *rest = command
    if program in ("python", "python3"):
        # No -I here: a project's tests import its own modules from the working folder.
        return [config.python_bin, "-S", "-B", *rest]
    if program == "node":
        return [config.node_bin, *rest]
    return list(command)


def reported_command(
    command: Sequence[str], config: SandboxConfig, places: Places, nonce_fd: int, report_fd: int
) -> list[str] | None:
    """The lab's command run under our reporter (results on report_fd), or None if it cannot be.

    Python runs `-m MODULE` or a script through project_runner.py; Node gets our reporter, also
    loaded first (`--import`: in the test files node --test starts, or in `node FILE`). Anything
    else (another program, `python -c`) has only its exit status to go by.
    """
    program, *rest = command
    if program in ("python", "python3") and rest and (rest[0] == "-m" or rest[0][:1] != "-"):
        if rest[0] == "-m" and len(rest) < 2:
            return None
        runner = f"{places.harness}/project_runner.py"
        return [config.python_bin, "-S", "-B", runner, str(nonce_fd), str(report_fd), *rest]
    if program == "node" and not any(arg.startswith("--test-reporter") for arg in rest):
        url = f"file://{places.harness}/project_report.mjs?nonce={nonce_fd}&report={report_fd}"
        reporters = [
            "--test-reporter=tap",  # what node --test writes to a pipe anyway: the learner reads it
            "--test-reporter-destination=stdout",
            f"--test-reporter={url}",
            "--test-reporter-destination=stderr",  # it writes nothing there
        ]
        return [config.node_bin, f"--import={url}", *reporters, *rest]
    return None


def runtime_mounts(language: Language, config: SandboxConfig) -> list[tuple[str, str]]:
    """The interpreter's install prefix, read-only, unless /usr (always there) holds it."""
    prefix = str(Path(interpreter(language, config)).parents[1])
    mounts = [] if prefix == "/usr" or prefix.startswith("/usr/") else [(prefix, prefix)]
    if language is Language.TYPESCRIPT:
        mounts.append((config.esbuild_bin, ESBUILD))
    return mounts
