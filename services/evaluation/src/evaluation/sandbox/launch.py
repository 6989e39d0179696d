"""Starting one sandbox process, talking to it through pipes with caps, and ending it for good."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import resource
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evaluation.sandbox.cgroups import RunCgroup
from evaluation.sandbox.models import Limits, SandboxUnavailable

READ_CHUNK = 65536
MAX_REPLY_BYTES = 32 * 1024 * 1024  # one test's answer and captured output
HANDSHAKE_SECONDS = 10.0


@dataclass(frozen=True)
class Channel:
    """The fds a command is built with: bubblewrap's control pipes and the harness's pipes."""

    info: int
    block: int
    requests: int  # -1 for a plain command, which gets no harness channel
    replies: int


class Output:
    """The sandbox's own stdout and stderr (writes that bypass the harness), capped per test."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.buffers = {1: bytearray(), 2: bytearray()}
        self.flooded = asyncio.Event()

    def add(self, stream: int, chunk: bytes) -> None:
        buffer = self.buffers[stream]
        room = self.cap - len(buffer)
        buffer += chunk[: max(room, 0)]
        if len(chunk) > room:
            self.flooded.set()

    def take(self) -> tuple[str, str]:
        """What arrived since the last call, as text."""
        out, err = (bytes(self.buffers[s]).decode(errors="replace") for s in (1, 2))
        self.buffers = {1: bytearray(), 2: bytearray()}
        return out, err


class SandboxProcess:
    """One bubblewrap (or, if allowed, a bare process): start, exchange, kill, reap."""

    def __init__(self, *, limits: Limits, cgroup: RunCgroup | None, wall_seconds: float) -> None:
        self.limits = limits
        self.cgroup = cgroup
        self.output = Output(limits.max_output_bytes)
        self.cpu_seconds = math.ceil(wall_seconds) + 1
        self.process: asyncio.subprocess.Process | None = None
        self.init_pid: int | None = None
        self.requests: asyncio.StreamWriter | None = None
        self.replies: asyncio.StreamReader | None = None
        self._readers: list[asyncio.Task[None]] = []

    async def start(
        self,
        build: Callable[[Channel], Sequence[str]],
        *,
        sandboxed: bool,
        env: dict[str, str],
        cwd: str | None = None,
        stdin: bytes | None = None,
        harness: bool = True,
    ) -> None:
        """Spawn; for a sandbox, hold it on block_fd until its PID 1 is limited and counted."""
        info_r, info_w = os.pipe()
        block_r, block_w = os.pipe()
        mine, theirs = [info_r, block_w], [info_w, block_r]
        requests_r = replies_w = -1
        if harness:
            requests_r, requests_w = os.pipe()
            replies_r, replies_w = os.pipe()
            mine += [requests_w, replies_r]
            theirs += [requests_r, replies_w]
        try:
            self.process = await asyncio.create_subprocess_exec(
                *build(Channel(info_w, block_r, requests_r, replies_w)),
                stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                pass_fds=theirs,
                env=env,  # nothing of ours: bubblewrap's own environment is readable as PID 1's
                cwd=cwd,
                start_new_session=True,
            )
        except OSError as error:
            for fd in mine + theirs:
                os.close(fd)
            raise SandboxUnavailable(f"cannot start the sandbox: {error}") from error
        for fd in theirs:
            os.close(fd)
        self._watch_output()
        if harness:
            self.requests = await _writer(requests_w)
            self.replies = await _reader(replies_r, MAX_REPLY_BYTES)
        try:
            if sandboxed:
                await self._hand_over(info_r, block_w)
            else:
                os.close(info_r)
                os.close(block_w)
                self._limit(self.process.pid)
        except BaseException:
            await self.kill()
            raise
        if stdin is not None:
            await self._feed(stdin)

    async def _hand_over(self, info_r: int, block_w: int) -> None:
        try:
            info = await _reader(info_r, 64 * 1024)
            try:
                raw = await asyncio.wait_for(info.read(), HANDSHAKE_SECONDS)
                self.init_pid = int(json.loads(raw)["child-pid"])
            except (TimeoutError, ValueError, KeyError, TypeError) as error:
                stderr = await self._stderr()
                raise SandboxUnavailable(f"bubblewrap did not start: {stderr}") from error
            try:
                if self.cgroup is not None:
                    # Moving a process waits for the kernel's cgroup lock, which every fork on
                    # the machine also takes: milliseconds under load, so never on the loop.
                    await asyncio.to_thread(self.cgroup.join, self.init_pid)
                self._limit(self.init_pid)
            except OSError as error:
                raise SandboxUnavailable(f"cannot limit the sandbox: {error}") from error
        finally:
            # Go, also on failure (bubblewrap must not hang), and never leak the pipe.
            with contextlib.suppress(OSError):
                os.write(block_w, b"1")
            os.close(block_w)

    def _limit(self, pid: int) -> None:
        # Inherited by everything the sandbox starts. Never RLIMIT_AS: Node reserves far more
        # address space than it uses, and the cgroup limits real memory anyway.
        for name, value in (
            (resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 1)),
            (resource.RLIMIT_FSIZE, (self.limits.max_file_bytes,) * 2),
            (resource.RLIMIT_CORE, (0, 0)),
        ):
            resource.prlimit(pid, name, value)

    async def _stderr(self) -> str:
        if self.process is not None:
            with contextlib.suppress(TimeoutError, ProcessLookupError):
                await asyncio.wait_for(self.process.wait(), 1.0)
            await asyncio.wait(self._readers, timeout=1.0)
        return self.output.take()[1].strip()[-2000:] or "no message"

    async def _feed(self, data: bytes) -> None:
        assert self.process is not None
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.process.stdin.write(data)
            await self.process.stdin.drain()
        self.process.stdin.close()

    def _watch_output(self) -> None:
        assert self.process is not None
        for number, stream in ((1, self.process.stdout), (2, self.process.stderr)):
            assert stream is not None
            self._readers.append(asyncio.create_task(self._drain(number, stream)))

    async def _drain(self, number: int, stream: asyncio.StreamReader) -> None:
        # Keep reading past the cap, so a writer never blocks; a flood ends the run anyway.
        while chunk := await stream.read(READ_CHUNK):
            self.output.add(number, chunk)

    async def send(self, data: bytes) -> None:
        assert self.requests is not None
        self.requests.write(data)
        await self.requests.drain()

    async def send_last(self, data: bytes) -> None:
        """Send `data` and close the request channel; a process already gone gets nothing."""
        assert self.requests is not None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            await self.send(data)
        self.requests.close()

    async def read_replies(self, cap: int) -> bytes:
        """What the reply channel carries until it closes: its first `cap` bytes (all are read)."""
        assert self.replies is not None
        data = bytearray()
        while chunk := await self.replies.read(READ_CHUNK):
            data += chunk[: max(cap - len(data), 0)]
        return bytes(data)

    async def reply(self) -> bytes:
        """The next reply line; b"" when the channel closed (the harness is gone)."""
        assert self.replies is not None
        try:
            return await self.replies.readuntil(b"\n")
        except asyncio.IncompleteReadError as error:
            return error.partial if error.partial.endswith(b"\n") else b""
        except asyncio.LimitOverrunError:
            return b"{}"  # longer than any answer we accept: judged a breach

    async def wait(self, seconds: float) -> bool:
        """True if the process ended within `seconds` (its output then read to the end)."""
        assert self.process is not None
        try:
            await asyncio.wait_for(self.process.wait(), seconds)
        except TimeoutError:
            return False
        await asyncio.wait(self._readers, timeout=1.0)
        return True

    def exit_status(self) -> tuple[int | None, int | None]:
        """Exit code and signal of the outermost process, once it has ended."""
        code = self.process.returncode if self.process is not None else None
        if code is None:
            return None, None
        if code < 0:
            return None, -code
        if code > 128:  # bubblewrap reports its child's death by signal as 128 + signal
            return None, code - 128
        return code, None

    async def kill(self) -> None:
        """Kill the sandbox's PID 1 (the kernel then kills its whole namespace) and the rest."""
        if self.init_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.init_pid, signal.SIGKILL)
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()  # bubblewrap outlives its namespace by a moment only
        if self.cgroup is not None:
            await self.cgroup.kill_all()

    async def finish(self) -> None:
        """Kill what is left, reap it and read its pipes to the end."""
        await self.kill()
        if self.requests is not None:
            self.requests.close()
        if self._readers:
            _, stuck = await asyncio.wait(self._readers, timeout=2.0)
            for reader in stuck:  # only if something outside the sandbox held its pipes
                reader.cancel()


async def _reader(fd: int, limit: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=limit)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
    )
    return reader


async def _writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", buffering=0)
    )
    return asyncio.StreamWriter(transport, protocol, None, loop)
