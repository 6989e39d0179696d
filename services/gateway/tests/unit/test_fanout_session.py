"""One socket's sender on a fake WebSocket: a client stuck on a full TCP buffer is cut off."""

from __future__ import annotations

import asyncio
import time
from typing import Any, cast

from prometheus_client import CollectorRegistry
from starlette.websockets import WebSocket

from gateway.fanout.hub import SLOW_CLIENT, TOKEN_ENDED, FanoutHub, Frame, Socket
from gateway.fanout.metrics import PrometheusFanoutMetrics
from gateway.fanout.session import serve_socket


class FakeWebSocket:
    """Sends land in `sent`, or never return while `stuck` (the client stopped reading)."""

    def __init__(self, *, stuck: bool = False) -> None:
        self.stuck = stuck
        self.sent: list[str] = []
        self.closed_with: tuple[int, str] | None = None
        self._incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.got_one = asyncio.Event()

    async def receive(self) -> dict[str, Any]:
        return await self._incoming.get()

    async def send(self, message: dict[str, Any]) -> None:
        if self.stuck:
            await asyncio.Event().wait()
        self.sent.append(message["text"])
        self.got_one.set()

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": code})

    def leave(self) -> None:
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": 1000})


class Metrics(PrometheusFanoutMetrics):
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        super().__init__(self.registry)

    def value(self, name: str, **labels: str) -> float:
        return self.registry.get_sample_value(name, labels) or 0.0


def frame(n: int) -> Frame:
    return Frame(text=str(n), published_at=time.time())


async def test_a_stuck_client_is_closed_and_the_other_tab_gets_everything() -> None:
    metrics = Metrics()
    hub = FanoutHub(max_per_interview=4, max_sockets=10, metrics=metrics)
    sockets = [Socket(interview_id="iv", user_id="u", jti="j", capacity=2) for _ in range(2)]
    fakes = [FakeWebSocket(stuck=True), FakeWebSocket()]
    for socket in sockets:
        hub.join(socket)
    later = time.time() + 900
    served = [
        asyncio.create_task(
            serve_socket(cast(WebSocket, fake), socket, hub=hub, metrics=metrics, expires_at=later)
        )
        for fake, socket in zip(fakes, sockets, strict=True)
    ]
    for n in range(6):
        hub.publish(interview_id="iv", user_id="u", frame=frame(n))
        await fakes[1].got_one.wait()
        fakes[1].got_one.clear()
    await served[0]

    assert fakes[0].closed_with == (SLOW_CLIENT, "too slow: send queue full")
    assert fakes[1].sent == [str(n) for n in range(6)]
    assert metrics.value("gateway_ws_closed_total", reason="slow_client") == 1
    assert metrics.value("gateway_ws_dropped_total", reason="slow_client") >= 1
    fakes[1].leave()
    await served[1]
    assert len(hub) == 0
    assert metrics.value("gateway_ws_closed_total", reason="client") == 1
    assert metrics.value("gateway_ws_open_sockets") == 0
    assert metrics.value("gateway_ws_deliveries_total") == 6
    assert metrics.value("gateway_ws_delivery_latency_seconds_count") == 6


async def test_the_socket_closes_when_its_token_expires() -> None:
    metrics = Metrics()
    hub = FanoutHub(max_per_interview=4, max_sockets=10, metrics=metrics)
    socket = Socket(interview_id="iv", user_id="u", jti="j", capacity=2)
    fake = FakeWebSocket()
    hub.join(socket)
    await serve_socket(
        cast(WebSocket, fake), socket, hub=hub, metrics=metrics, expires_at=time.time() - 1
    )
    assert fake.closed_with == (TOKEN_ENDED, "token expired")
    assert metrics.value("gateway_ws_closed_total", reason="token_ended") == 1
