"""Starting the sandboxed process with its limits and reading its pipes with caps."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

READ_CHUNK = 65536


@dataclass(frozen=True)
class Finished:
    stdout: bytes
    stderr: bytes
    results: bytes
    exit_code: int | None
    signal: int | None
    timed_out: bool
    flooded: bool
    duration_ms: float
    oom: bool = False


def child_setup(
    *, cpu_seconds: int, file_bytes: int, cgroup_procs: Sequence[Path], data_bytes: int | None
) -> Callable[[], None]:
    """Runs in the forked child before exec: join the run's cgroups, set rlimits."""
    paths = [str(p) for p in cgroup_procs]

    def setup() -> None:
        for path in paths:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.write(fd, b"0")  # "0" moves the writing process itself
            finally:
                os.close(fd)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if data_bytes is not None:  # only without a memory cgroup; never RLIMIT_AS (breaks Node)
            resource.setrlimit(resource.RLIMIT_DATA, (data_bytes, data_bytes))

    return setup


async def run_process(
    argv: Sequence[str],
    *,
    stdin_for: Callable[[int], bytes],
    wall_seconds: float,
    max_output: int,
    setup: Callable[[], None],
    kill: Callable[[], None],
) -> Finished:
    """Run to completion or to the wall limit; every byte read is capped.

    `stdin_for(fd)` builds the harness's input, which names the result channel's fd.
    """
    results_read, results_write = os.pipe()
    stdin = stdin_for(results_write)
    started = time.perf_counter()
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            pass_fds=(results_write,),
            preexec_fn=setup,
            start_new_session=True,
            env={},
        )
    finally:
        os.close(results_write)
    flooded = asyncio.Event()
    reader = _pipe_reader(results_read)
    tasks = [
        asyncio.create_task(_read_capped(process.stdout, max_output, flooded)),  # type: ignore[arg-type]
        asyncio.create_task(_read_capped(process.stderr, max_output, flooded)),  # type: ignore[arg-type]
        asyncio.create_task(_read_capped(await reader, max_output * 64 + 1_000_000, flooded)),
    ]
    timed_out = False
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            process.stdin.write(stdin)
            await process.stdin.drain()
            process.stdin.close()
        waiter = asyncio.create_task(process.wait())
        flood = asyncio.create_task(flooded.wait())
        done, _ = await asyncio.wait(
            {waiter, flood}, timeout=wall_seconds, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter not in done:
            timed_out = waiter not in done and flood not in done
            _kill_all(process.pid, kill)
            await waiter
        flood.cancel()
    finally:
        _kill_all(process.pid, kill)  # nothing outlives the run
    stdout, stderr, results = await asyncio.gather(*tasks)
    code = process.returncode
    if code is not None and code > 128:  # bubblewrap reports its child's death as 128 + signal
        code = 128 - code
    return Finished(
        stdout=stdout,
        stderr=stderr,
        results=results,
        exit_code=code if code is not None and code >= 0 else None,
        signal=-code if code is not None and code < 0 else None,
        timed_out=timed_out,
        flooded=flooded.is_set(),
        duration_ms=(time.perf_counter() - started) * 1000,
    )


def _kill_all(pid: int, kill: Callable[[], None]) -> None:
    kill()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def _pipe_reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    protocol = asyncio.StreamReaderProtocol(reader)
    await loop.connect_read_pipe(lambda: protocol, os.fdopen(fd, "rb", buffering=0))
    return reader


async def _read_capped(stream: asyncio.StreamReader, cap: int, flooded: asyncio.Event) -> bytes:
    chunks, size = [], 0
    while chunk := await stream.read(READ_CHUNK):
        if size < cap:
            chunks.append(chunk[: cap - size])
        size += len(chunk)
        if size > cap:
            flooded.set()  # keep draining so the writer never blocks; the run is killed
    return b"".join(chunks)
