"""The sandbox: one bubblewrap per submission runs every test through a harness."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from evaluation.sandbox.cgroups import ROOT, CgroupLayout, RunCgroup, detect
from evaluation.sandbox.languages import (
    HARNESS_DIR,
    SOURCE_NAMES,
    Places,
    entry_point_name,
    harness_command,
    project_command,
    reported_command,
    runtime_mounts,
)
from evaluation.sandbox.launch import Channel, SandboxProcess
from evaluation.sandbox.models import (
    STARTUP_SECONDS,
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
from evaluation.sandbox.policy import ESBUILD, HARNESS, WORK, bwrap_command, system_mounts
from evaluation.sandbox.report import REPORT_BYTES, authentic_records, new_nonce
from evaluation.sandbox.session import HarnessSession, Session
from evaluation.sandbox.verdicts import (
    Outcome,
    judged,
    not_run,
    reply_verdict,
    result_of,
    stop_verdict,
    whole_run,
)
from evaluation.sandbox.workdir import make_work_dir, remove_work_dir, write_files

logger = logging.getLogger(__name__)
Command = Callable[[Places, Channel], list[str]]
UNSANDBOXED = (
    "RUNNING UNTRUSTED CODE WITHOUT A SANDBOX (allow_unsandboxed is set): "
    "no namespaces, no cgroup, full access to this machine. Local development only."
)


class Sandbox:
    """Runs untrusted code inside bubblewrap and a cgroup, or not at all (fails closed)."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._layout: CgroupLayout | None = None
        self._system = system_mounts()
        self._smoke_tested = False

    async def check(self) -> None:
        """Raise SandboxUnavailable unless code can be run safely here (used by /ready)."""
        if self.config.allow_unsandboxed:
            return
        for name in ("bwrap_bin", "python_bin", "node_bin"):
            path = getattr(self.config, name)
            if not (path and os.path.isabs(path) and os.access(path, os.X_OK)):
                raise SandboxUnavailable(f"{name} is not an executable absolute path: {path!r}")
        self._layout = detect(self.config.cgroup_root or ROOT)
        if not self._smoke_tested:
            result = await self._command(Language.PYTHON, {}, ["python", "-c", ""], b"", Limits())
            if result.status != "ok":
                raise SandboxUnavailable(f"a trivial sandboxed run failed: {result.stderr}")
            self._smoke_tested = True

    async def judge(
        self,
        *,
        language: Language,
        code: str,
        execution: Execution,
        tests: Sequence[TestCase],
        limits: Limits,
    ) -> JudgeResult:
        """Run every test in one sandbox; the host compares the answers."""
        try:
            await self.check()
            return await self._judge(language, code, execution, tests, limits)
        except SandboxUnavailable as error:
            logger.error("sandbox unavailable; the code was not run: %s", error)
            return whole_run(tests, Verdict.INTERNAL_ERROR, str(error))

    async def run(self, *, language: Language, code: str, stdin: str, limits: Limits) -> RunResult:
        """Run a program once on custom input (POST /runs): no tests, nothing compared."""
        try:
            await self.check()
            return await self._run_once(language, code, stdin, limits)
        except SandboxUnavailable as error:
            logger.error("sandbox unavailable; the code was not run: %s", error)
            return _failed_run(str(error))

    async def run_project(
        self, *, language: Language, files: dict[str, str], test_command: list[str], limits: Limits
    ) -> RunResult:
        """Run a debug lab's test command on its files; `limits.time_limit_ms` bounds it all."""
        try:
            await self.check()
            return await self._project(language, files, test_command, limits)
        except SandboxUnavailable as error:
            logger.error("sandbox unavailable; the code was not run: %s", error)
            return _failed_run(str(error))

    async def run_script(
        self,
        *,
        source: str,
        argv: list[str],
        stdin: str,
        limits: Limits,
        language: Language = Language.PYTHON,
    ) -> RunResult:
        """Run one of our own programs (a tracer) on untrusted input, sandboxed.

        A TypeScript program is a JavaScript one given esbuild's path as its last argument.
        """
        name = "program.py" if language is Language.PYTHON else "program.js"
        path = f"{WORK if self._sandboxed else '.'}/{name}"
        interpreter = ["python", "-I"] if language is Language.PYTHON else ["node"]
        compiler = ESBUILD if self._sandboxed else self.config.esbuild_bin
        extra = [compiler] if language is Language.TYPESCRIPT else []
        command = [*interpreter, path, *argv, *extra]
        try:
            await self.check()
            return await self._command(language, {name: source}, command, stdin.encode(), limits)
        except SandboxUnavailable as error:
            logger.error("sandbox unavailable; the code was not run: %s", error)
            return _failed_run(str(error))

    @property
    def _sandboxed(self) -> bool:
        return not self.config.allow_unsandboxed

    async def _judge(
        self,
        language: Language,
        code: str,
        execution: Execution,
        tests: Sequence[TestCase],
        limits: Limits,
    ) -> JudgeResult:
        entry = entry_point_name(language, execution.entry_point or "")
        async with self._harness(language, code, limits, tests=len(tests)) as session:
            failed = await session.start(execution.mode, entry)
            if failed is not None:
                verdict, why, compile_output = failed
                return whole_run(tests, verdict, why, compile_output=compile_output)
            results: list[TestResult] = []
            stopper: TestResult | None = None  # a test that ended the run: the rest are not run
            for index, test in enumerate(tests):
                if stopper is not None:
                    why = f"not run: test {stopper.test_index + 1} ended the run ({stopper.error})"
                    results.append(not_run(index, test, stopper.verdict, why))
                    continue
                outcome = await session.test(index, test.input)
                results.append(result_of(index, test, outcome, execution, limits))
                if outcome.stop is not None:
                    stopper = results[-1]
        return judged(tests, results, execution)

    async def _run_once(
        self, language: Language, code: str, stdin: str, limits: Limits
    ) -> RunResult:
        async with self._harness(language, code, limits, tests=1) as session:
            failed = await session.start("stdio", "")
            if failed is not None:
                verdict, why, _ = failed
                status = "compile_error" if verdict is Verdict.COMPILE_ERROR else verdict.value
                return RunResult("", why, None, None, 0.0, None, status)  # type: ignore[arg-type]
            outcome = await session.test(0, stdin)
        reply = outcome.reply
        if reply is None or outcome.stop is not None:
            verdict = stop_verdict(outcome, limits)[0]
        else:
            verdict = reply_verdict(reply, TestCase(stdin, ""), Execution("stdio"), limits)[0]
        ran = verdict in (Verdict.ACCEPTED, Verdict.WRONG_ANSWER)  # nothing is compared here
        return RunResult(
            stdout=(reply.stdout if reply else "") + outcome.stdout,
            stderr=(reply.stderr if reply else "") + outcome.stderr,
            exit_code=reply.exit_code if reply else outcome.exit_code,
            signal=reply.signal if reply else outcome.signal,
            duration_ms=round(outcome.duration_ms, 3),
            memory_kb=outcome.memory_kb,
            status="ok" if ran else verdict.value,  # type: ignore[arg-type]
        )

    async def _command(
        self,
        language: Language,
        files: Mapping[str, str],
        command: Sequence[str],
        stdin: bytes | None,
        limits: Limits,
    ) -> RunResult:
        seconds = (limits.wall_time_ms or limits.time_limit_ms) / 1000
        inner = project_command(command, self.config)
        async with self._sandbox(
            language, files, limits, seconds + STARTUP_SECONDS, lambda *_: inner, stdin=stdin
        ) as session:
            outcome = await session.wait(seconds)
        return _run_result(outcome, limits)

    async def _project(
        self, language: Language, files: Mapping[str, str], command: Sequence[str], limits: Limits
    ) -> RunResult:
        """A lab's command, under our reporter where it can be (its records on their own pipe)."""
        seconds = (limits.wall_time_ms or limits.time_limit_ms) / 1000
        nonce, reported = new_nonce(), False

        def build(places: Places, channel: Channel) -> list[str]:
            nonlocal reported
            inner = reported_command(
                command, self.config, places, channel.requests, channel.replies
            )
            reported = inner is not None
            return inner or project_command(command, self.config)

        async with self._sandbox(
            language, files, limits, seconds + STARTUP_SECONDS, build, harness=True
        ) as session:
            await session.process.send_last(f"{nonce}\n".encode())
            reading = asyncio.create_task(session.process.read_replies(REPORT_BYTES))
            outcome = await session.wait(seconds)
            # The pipe closes when the sandbox's last process has gone, which is now or at once.
            done, _ = await asyncio.wait({reading}, timeout=1.0)
            reading.cancel()
        data = reading.result() if done else b""
        return _run_result(outcome, limits, authentic_records(data, nonce) if reported else None)

    @asynccontextmanager
    async def _harness(
        self, language: Language, code: str, limits: Limits, *, tests: int
    ) -> AsyncIterator[HarnessSession]:
        def command(places: Places, channel: Channel) -> list[str]:
            return harness_command(language, self.config, places, channel.requests, channel.replies)

        source = SOURCE_NAMES[language]
        async with self._sandbox(
            language, {source: code}, limits, limits.wall_seconds(tests), command, harness=True
        ) as session:
            yield HarnessSession(session, language, limits, f"{session.places.work}/{source}")

    @asynccontextmanager
    async def _sandbox(
        self,
        language: Language,
        files: Mapping[str, str],
        limits: Limits,
        wall_seconds: float,
        command: Command,
        *,
        stdin: bytes | None = None,
        harness: bool = False,
    ) -> AsyncIterator[Session]:
        """A work folder, a cgroup and a started process; all of them gone afterwards."""
        if not self._sandboxed:
            logger.warning(UNSANDBOXED)
        work = make_work_dir(self.config.work_root)
        cgroup: RunCgroup | None = None
        process: SandboxProcess | None = None
        try:
            write_files(work, files)
            if self._sandboxed:
                assert self._layout is not None
                cgroup = _cgroup(self._layout, limits)
            process = SandboxProcess(limits=limits, cgroup=cgroup, wall_seconds=wall_seconds)
            places = (
                Places(WORK, HARNESS, ESBUILD)
                if self._sandboxed
                else Places(str(work), str(HARNESS_DIR), self.config.esbuild_bin)
            )

            def build(channel: Channel) -> list[str]:
                inner = command(places, channel)
                if not self._sandboxed:
                    return inner
                return bwrap_command(
                    bwrap=self.config.bwrap_bin,
                    system=self._system,
                    read_only=[*runtime_mounts(language, self.config), (str(HARNESS_DIR), HARNESS)],
                    work_dir=str(work),
                    tmp_bytes=limits.memory_mb * 2**20,
                    info_fd=channel.info,
                    block_fd=channel.block,
                    command=inner,
                )

            await process.start(
                build,
                sandboxed=self._sandboxed,
                env={} if self._sandboxed else {"PATH": "/usr/bin:/bin", "HOME": str(work)},
                cwd=None if self._sandboxed else str(work),
                stdin=stdin,
                harness=harness,
            )
            yield Session(process, cgroup, places, time.perf_counter() + wall_seconds)
        finally:
            if process is not None:
                await process.finish()
            if cgroup is not None:
                await cgroup.remove()
            remove_work_dir(work)


def _cgroup(layout: CgroupLayout, limits: Limits) -> RunCgroup:
    try:
        return RunCgroup(
            layout, memory_bytes=limits.memory_mb * 2**20, max_pids=limits.max_processes
        )
    except OSError as error:
        raise SandboxUnavailable(f"cannot make the run's cgroup: {error}") from error


def _run_result(
    outcome: Outcome, limits: Limits, report: tuple[dict[str, Any], ...] | None = None
) -> RunResult:
    if outcome.stop is None and outcome.exit_code == 0 and outcome.signal is None:
        status = "ok"
    else:
        status = stop_verdict(outcome, limits)[0].value
    return RunResult(
        stdout=outcome.stdout,
        stderr=outcome.stderr,
        exit_code=outcome.exit_code,
        signal=outcome.signal,
        duration_ms=round(outcome.duration_ms, 3),
        memory_kb=outcome.memory_kb,
        status=status,  # type: ignore[arg-type]
        report=report,
    )


def _failed_run(why: str) -> RunResult:
    return RunResult("", why, None, None, 0.0, None, "internal_error")
