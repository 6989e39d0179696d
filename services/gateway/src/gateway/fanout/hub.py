"""Every open interview socket of this process, and each event pushed to the sockets it is for.

The hub never waits on a client: it appends a frame to each socket's bounded queue and moves on.
A socket whose queue is full is closed with `SLOW_CLIENT`, so a slow reader costs only itself.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

# Close codes a client can act on (RFC 6455 leaves 4000-4999 to applications).
GOING_AWAY = 1001
TOKEN_ENDED = 4401  # the access token expired or was revoked: refresh it and reconnect
SLOW_CLIENT = 4008  # the client read too slowly and its send queue filled up


@dataclass(frozen=True)
class Frame:
    """One event's encoded text, shared by every socket it goes to, and when it was published."""

    text: str
    published_at: float  # Unix time, from the event's envelope


class FanoutMetrics(Protocol):
    def opened(self) -> None: ...

    def closed(self, reason: str) -> None: ...

    def delivered(self, latency_seconds: float) -> None: ...

    def dropped(self, reason: str) -> None: ...


class NoMetrics:
    def opened(self) -> None: ...

    def closed(self, reason: str) -> None: ...

    def delivered(self, latency_seconds: float) -> None: ...

    def dropped(self, reason: str) -> None: ...


class Socket:
    """One open WebSocket's side of the hub: a bounded queue of frames and a close request."""

    def __init__(self, *, interview_id: str, user_id: str, jti: str, capacity: int) -> None:
        self.interview_id = interview_id
        self.user_id = user_id
        self.jti = jti
        self.capacity = capacity
        self.closing: tuple[int, str] | None = None
        self.sending = False  # inside a send, which a full TCP buffer can hold up
        self._frames: deque[Frame] = deque()
        self._wake = asyncio.Event()
        # Called once when a close is asked for, to unblock a send stuck on a full TCP buffer.
        self.on_close: Callable[[], None] | None = None

    def offer(self, frame: Frame) -> bool:
        """Queue `frame`; False (and the socket asked to close) when the queue is full."""
        if self.closing is not None:
            return False
        if len(self._frames) >= self.capacity:
            self.close(SLOW_CLIENT, "too slow: send queue full")
            return False
        self._frames.append(frame)
        self._wake.set()
        return True

    def close(self, code: int, reason: str) -> None:
        """Ask the socket's sender to close with `code`; the first request wins."""
        if self.closing is not None:
            return
        self.closing = (code, reason)
        self._frames.clear()
        self._wake.set()
        if self.on_close is not None:
            self.on_close()

    async def next(self) -> Frame | None:
        """The next frame to send, waiting for one; None once the socket is to close."""
        while True:
            if self.closing is not None:
                return None
            if self._frames:
                return self._frames.popleft()
            self._wake.clear()
            await self._wake.wait()

    @property
    def queued(self) -> int:
        return len(self._frames)


class TooManySockets(Exception):
    """One user holds the most sockets allowed for one interview, or the process is full."""


class FanoutHub:
    def __init__(
        self,
        *,
        max_per_interview: int,
        max_sockets: int,
        metrics: FanoutMetrics | None = None,
    ) -> None:
        self._max_per_interview = max_per_interview
        self._max_sockets = max_sockets
        self._metrics: FanoutMetrics = metrics or NoMetrics()
        self._by_interview: dict[str, set[Socket]] = {}
        self._count = 0

    def join(self, socket: Socket) -> None:
        sockets = self._by_interview.get(socket.interview_id, set())
        if len(sockets) >= self._max_per_interview or self._count >= self._max_sockets:
            raise TooManySockets(socket.interview_id)
        sockets.add(socket)
        self._by_interview[socket.interview_id] = sockets
        self._count += 1
        self._metrics.opened()

    def leave(self, socket: Socket, reason: str) -> None:
        sockets = self._by_interview.get(socket.interview_id)
        if sockets is None or socket not in sockets:
            return
        sockets.discard(socket)
        if not sockets:
            del self._by_interview[socket.interview_id]
        self._count -= 1
        self._metrics.closed(reason)

    def publish(self, *, interview_id: str, user_id: str, frame: Frame) -> int:
        """Queue `frame` on every socket of this interview held by its owner; how many took it."""
        taken = 0
        for socket in tuple(self._by_interview.get(interview_id, ())):
            if socket.user_id != user_id:
                continue  # only the owner's sockets, whatever admitted the others
            if socket.offer(frame):
                taken += 1
            else:
                self._metrics.dropped("slow_client")
        return taken

    def sockets(self) -> Iterator[Socket]:
        for sockets in tuple(self._by_interview.values()):
            yield from tuple(sockets)

    def close_all(self, code: int, reason: str) -> None:
        for socket in self.sockets():
            socket.close(code, reason)

    def __len__(self) -> int:
        return self._count
