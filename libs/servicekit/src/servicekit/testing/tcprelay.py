"""A TCP relay a test controls: forwards a local port to a server, and can cut it off."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from servicekit.testing.infra import free_port


class Relay:
    """Forwards a local port to the database; `cut()` refuses and drops every connection."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.port = free_port()
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def restore(self) -> None:
        self._server = await asyncio.start_server(self._forward, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is None:
            return
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        await self._server.wait_closed()

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        self._writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers -= {writer, up_writer}


class ThreadedRelay:
    """A relay on its own thread's event loop, for tests that drive processes synchronously."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._relay = Relay(target_host, target_port)
        self.port = self._relay.port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> ThreadedRelay:
        self._thread.start()
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def cut(self) -> None:
        asyncio.run_coroutine_threadsafe(self._relay.cut(), self._loop).result(timeout=10)

    def restore(self) -> None:
        asyncio.run_coroutine_threadsafe(self._relay.restore(), self._loop).result(timeout=10)
