"""The sandbox: one bubblewrap per submission runs every test through a harness."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from evaluation.sandbox.cgroups import CgroupLayout, RunCgroup, detect
from evaluation.sandbox.judging import judge_results, run_result, script_result
from evaluation.sandbox.models import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    RunResult,
    SandboxConfig,
    SandboxUnavailable,
    TestCase,
    Verdict,
)
from evaluation.sandbox.policy import HARNESS, TOOLS, WORK, bwrap_command
from evaluation.sandbox.process import Finished, child_setup, run_process

logger = logging.getLogger(__name__)
HARNESS_DIR = Path(__file__).parent / "harness"
SOURCE_NAMES = {
    Language.PYTHON: "solution.py",
    Language.JAVASCRIPT: "solution.js",
    Language.TYPESCRIPT: "solution.js",
}


class Sandbox:
    """Runs untrusted code: sandboxed, or not at all (unless explicitly allowed, locally)."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._layout: CgroupLayout | None = None
        self._checked = False
        if not shutil.rmtree.avoids_symlink_attacks:  # type: ignore[attr-defined]
            raise SandboxUnavailable("this platform's rmtree follows symlinks")

    async def check(self) -> None:
        """Raise SandboxUnavailable unless code can be run safely here."""
        if self.config.allow_unsandboxed:
            return
        if not os.access(self.config.bwrap_bin, os.X_OK):
            raise SandboxUnavailable(f"bubblewrap not found at {self.config.bwrap_bin}")
        if not self._checked:
            self._layout = detect(self.config.cgroup_root or Path("/sys/fs/cgroup"))
            if self._layout is None:
                logger.warning("no writable cgroup: memory is limited by RLIMIT_DATA only")
            self._checked = True

    async def judge(
        self,
        *,
        language: Language,
        code: str,
        execution: Execution,
        tests: Sequence[TestCase],
        limits: Limits,
    ) -> JudgeResult:
        harness_config = {
            "mode": execution.mode,
            "entry_point": _entry_point(language, execution.entry_point),
            "inputs": [t.input for t in tests],  # never the expected outputs
        }
        try:
            finished = await self._run(language, code, harness_config, limits, len(tests))
        except SandboxUnavailable as exc:
            logger.error("sandbox unavailable; refusing to run code", extra={"error": str(exc)})
            return JudgeResult(
                Verdict.INTERNAL_ERROR, [], explanation="The sandbox is unavailable."
            )
        return judge_results(finished, tests, execution, limits)

    async def run(self, *, language: Language, code: str, stdin: str, limits: Limits) -> RunResult:
        """Run a program once on custom input (no tests, nothing compared)."""
        harness_config = {"mode": "stdio", "entry_point": None, "inputs": [stdin]}
        try:
            finished = await self._run(language, code, harness_config, limits, 1)
        except SandboxUnavailable:
            return RunResult("", "", None, None, 0.0, None, "internal_error")
        return run_result(finished, limits)

    async def run_script(
        self, *, source: str, argv: list[str], stdin: str, limits: Limits
    ) -> RunResult:
        """Run one of our own Python programs (the tracer) on untrusted input, sandboxed."""
        try:
            finished = await self._run(Language.PYTHON, source, {}, limits, 1, script=(argv, stdin))
        except SandboxUnavailable:
            return RunResult("", "", None, None, 0.0, None, "internal_error")
        return script_result(finished)

    async def _run(
        self,
        language: Language,
        code: str,
        harness_config: dict[str, Any],
        limits: Limits,
        tests: int,
        script: tuple[list[str], str] | None = None,
    ) -> Finished:
        await self.check()
        work = Path(tempfile.mkdtemp(prefix="run-", dir=self.config.work_root))
        cgroup = None
        try:
            name = "program.py" if script else SOURCE_NAMES[language]
            (work / name).write_text(code, encoding="utf-8")
            if self._layout is not None:
                cgroup = RunCgroup(
                    self._layout,
                    memory_bytes=limits.memory_mb * 2**20,
                    max_pids=limits.max_processes,
                )
            argv, paths = self._command(language, work, limits, script[0] if script else None)
            settings = {
                **harness_config,
                **paths,
                "language": language.value,
                "time_limit_ms": limits.time_limit_ms,
                "max_output_bytes": limits.max_output_bytes,
            }
            wall = limits.wall_seconds(tests)
            finished = await run_process(
                argv,
                stdin_for=lambda fd: (
                    script[1].encode()
                    if script
                    else json.dumps({**settings, "results_fd": fd}).encode()
                ),
                wall_seconds=wall,
                max_output=limits.max_output_bytes,
                setup=child_setup(
                    cpu_seconds=int(wall) + 1,
                    file_bytes=limits.max_file_bytes,
                    cgroup_procs=cgroup.procs_files() if cgroup else [],
                    data_bytes=None if cgroup else limits.memory_mb * 2**20,
                ),
                kill=cgroup.kill_all if cgroup else (lambda: None),
            )
            if cgroup is not None and cgroup.oom_killed():
                finished = replace(finished, oom=True)
            return finished
        finally:
            if cgroup is not None:
                cgroup.remove()
            # fd-based removal: a symlink the code planted is unlinked, never followed
            with suppress(FileNotFoundError):
                shutil.rmtree(work)

    def _command(
        self, language: Language, work: Path, limits: Limits, script: list[str] | None = None
    ) -> tuple[list[str], dict[str, str]]:
        sandboxed = not self.config.allow_unsandboxed
        if not sandboxed:
            logger.warning(
                "RUNNING UNTRUSTED CODE WITHOUT A SANDBOX (allow_unsandboxed is set); "
                "never do this outside local development"
            )
        work_path = WORK if sandboxed else str(work)
        harness_path = HARNESS if sandboxed else str(HARNESS_DIR)
        esbuild = f"{TOOLS}/esbuild" if sandboxed else self.config.esbuild_bin
        paths = {
            "solution": f"{work_path}/{SOURCE_NAMES[language]}",
            "esbuild": esbuild,
            "scratch": f"{work_path}/.compiled.js",
        }
        if script is not None:
            interpreter = [
                self.config.python_bin,
                "-I",
                "-S",
                "-B",
                f"{work_path}/program.py",
                *script,
            ]
            runtime = [Path(self.config.python_bin).parents[1]]
        elif language is Language.PYTHON:
            interpreter = [self.config.python_bin, "-I", "-S", "-B", f"{harness_path}/harness.py"]
            runtime = [Path(self.config.python_bin).parents[1]]
        else:
            heap = max(32, limits.memory_mb - 32)
            interpreter = [
                self.config.node_bin,
                f"--max-old-space-size={heap}",
                f"{harness_path}/harness.js",
            ]
            runtime = [Path(self.config.node_bin).parent]
        if not sandboxed:
            return interpreter, paths
        tools = Path(self.config.esbuild_bin).parent if language is Language.TYPESCRIPT else None
        argv = bwrap_command(
            bwrap=self.config.bwrap_bin,
            work_dir=work,
            harness_dir=HARNESS_DIR,
            runtime_dirs=[p for p in runtime if not str(p).startswith("/usr")],
            tools_dir=tools,
            command=interpreter,
        )
        return argv, paths


def _entry_point(language: Language, name: str | None) -> str | None:
    if name is None or language is Language.PYTHON:
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
