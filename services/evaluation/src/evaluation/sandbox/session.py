"""A started sandbox seen from the host: each step bounded in time, watched for OOM and floods."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from evaluation.sandbox.cgroups import RunCgroup
from evaluation.sandbox.languages import Places
from evaluation.sandbox.launch import SandboxProcess
from evaluation.sandbox.models import (
    STARTUP_SECONDS,
    Execution,
    Language,
    Limits,
    TestCase,
    Verdict,
)
from evaluation.sandbox.protocol import ProtocolError, Reply, encode_request, parse_reply
from evaluation.sandbox.verdicts import Outcome, Stop, reply_verdict, stop_verdict

logger = logging.getLogger(__name__)


class Session:
    """A started sandbox: every wait is bounded by its step's limit and by the whole deadline."""

    def __init__(
        self, process: SandboxProcess, cgroup: RunCgroup | None, places: Places, deadline: float
    ) -> None:
        self.process = process
        self.cgroup = cgroup
        self.places = places
        self.deadline = deadline
        self.stopped = False

    async def ask(
        self, kind: str, *, seconds: float, index: int | None = None, request: bytes | None = None
    ) -> Outcome:
        """Send a request (if any) and wait for its reply; what the host saw of that step."""
        ooms = self._before()
        started = time.perf_counter()
        try:
            if request is not None:
                await self.process.send(request)
        except (BrokenPipeError, ConnectionResetError):
            return await self._outcome(None, 0.0, self._stop(ooms, ended=True) or Stop.CRASH)
        reply_task = asyncio.create_task(self.process.reply())
        flood = asyncio.create_task(self.process.output.flooded.wait())
        await asyncio.wait(
            {reply_task, flood}, timeout=self._budget(seconds), return_when=asyncio.FIRST_COMPLETED
        )
        flood.cancel()
        duration = (time.perf_counter() - started) * 1000
        if not reply_task.done():
            reply_task.cancel()
            return await self._outcome(None, duration, self._stop(ooms, ended=False))
        line = reply_task.result()
        stop = self._stop(ooms, ended=True)
        if stop is not None or not line:
            return await self._outcome(None, duration, stop or Stop.CRASH)
        try:
            reply = parse_reply(line, kind=kind, index=index)
        except ProtocolError:
            return await self._outcome(None, duration, Stop.BREACH)
        return await self._outcome(reply, duration, None)

    async def wait(self, seconds: float) -> Outcome:
        """Wait for a plain command to end (no harness)."""
        ooms = self._before()
        started = time.perf_counter()
        ended = asyncio.create_task(self.process.wait(self._budget(seconds)))
        flood = asyncio.create_task(self.process.output.flooded.wait())
        await asyncio.wait({ended, flood}, return_when=asyncio.FIRST_COMPLETED)
        flood.cancel()
        duration = (time.perf_counter() - started) * 1000
        if not ended.done():
            ended.cancel()
        stop = self._stop(ooms, ended=ended.done() and ended.result())
        return await self._outcome(None, duration, stop)

    def _before(self) -> int:
        if self.cgroup is None:
            return 0
        self.cgroup.reset_peak()
        return self.cgroup.oom_kills()

    def _budget(self, seconds: float) -> float:
        return max(0.0, min(seconds, self.deadline - time.perf_counter()))

    def _stop(self, ooms: int, *, ended: bool) -> Stop | None:
        """What the host itself saw: the OOM killer, a flood, or the clock (if no end came)."""
        if self.cgroup is not None and self.cgroup.oom_kills() > ooms:
            return Stop.MEMORY
        if self.process.output.flooded.is_set():
            return Stop.OUTPUT
        return None if ended else Stop.TIME

    async def _outcome(self, reply: Reply | None, duration: float, stop: Stop | None) -> Outcome:
        if stop is not None:
            self.stopped = True
            if stop is not Stop.CRASH:
                await self.process.kill()
            await self.process.wait(1.0)
        memory = self.cgroup.peak_kb() if self.cgroup is not None else None
        out, err = self.process.output.take()
        code, signal = self.process.exit_status()
        return Outcome(reply, duration, memory, out, err, stop, code, signal)


class HarnessSession:
    """The harness's conversation: set up, compile, load, then one test at a time."""

    def __init__(self, session: Session, language: Language, limits: Limits, source: str) -> None:
        self.session = session
        self.language = language
        self.limits = limits
        self.source = source

    @property
    def stopped(self) -> bool:
        return self.session.stopped

    async def start(self, mode: str, entry_point: str) -> tuple[Verdict, str, str | None] | None:
        """Compile and load; the verdict for every test if that already failed."""
        setup = {
            "mode": mode,
            "entry_point": entry_point,
            "language": self.language.value,
            "source": self.source,
            "esbuild": self.session.places.esbuild,
            "max_output": self.limits.max_output_bytes,
        }
        request = encode_request(self.language, setup)
        compiled = await self.session.ask("compiled", seconds=STARTUP_SECONDS, request=request)
        if compiled.reply is None:
            if compiled.stop is Stop.MEMORY:
                return (*stop_verdict(compiled, self.limits), None)
            why = f"the harness did not start ({compiled.stop}): {compiled.stderr.strip()[-500:]}"
            logger.error("sandbox harness failed: %s", why)
            return Verdict.INTERNAL_ERROR, why, None
        if compiled.reply.status != "ok":
            message = compiled.reply.message
            return Verdict.COMPILE_ERROR, message, message
        loaded = await self.session.ask("loaded", seconds=self.limits.time_limit_ms / 1000)
        if loaded.reply is None or loaded.stop is not None:
            return (*stop_verdict(loaded, self.limits), None)
        if loaded.reply.status != "ok":
            verdict, error, _ = reply_verdict(
                loaded.reply, TestCase([], None), Execution("stdio"), self.limits
            )
            return verdict, error or "", None
        return None

    async def test(self, index: int, value: Any) -> Outcome:
        request = encode_request(self.language, {"i": index, "input": value})
        seconds = self.limits.time_limit_ms / 1000
        return await self.session.ask("result", seconds=seconds, index=index, request=request)
