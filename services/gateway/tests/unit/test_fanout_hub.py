"""The fan-out hub on fakes: every tab of the owner gets each frame, a slow one is cut off."""

from __future__ import annotations

import asyncio

import pytest

from gateway.fanout.hub import SLOW_CLIENT, FanoutHub, Frame, Socket, TooManySockets


class CountingMetrics:
    def __init__(self) -> None:
        self.open = 0
        self.delivered_count = 0
        self.drops: list[str] = []
        self.closes: list[str] = []

    def opened(self) -> None:
        self.open += 1

    def closed(self, reason: str) -> None:
        self.open -= 1
        self.closes.append(reason)

    def delivered(self, latency_seconds: float) -> None:
        self.delivered_count += 1

    def dropped(self, reason: str) -> None:
        self.drops.append(reason)


def socket(interview: str = "iv1", user: str = "u1", capacity: int = 4) -> Socket:
    return Socket(interview_id=interview, user_id=user, jti=f"jti-{user}", capacity=capacity)


def frame(n: int) -> Frame:
    return Frame(text=f'{{"n":{n}}}', published_at=0.0)


async def drain(s: Socket) -> list[str]:
    texts = []
    while s.queued:
        got = await s.next()
        assert got is not None
        texts.append(got.text)
    return texts


async def test_every_tab_of_the_owner_gets_each_frame_and_no_one_else() -> None:
    hub = FanoutHub(max_per_interview=8, max_sockets=100)
    tab1, tab2 = socket(), socket()
    other_interview, other_user = socket(interview="iv2"), socket(user="intruder")
    for s in (tab1, tab2, other_interview, other_user):
        hub.join(s)

    taken = hub.publish(interview_id="iv1", user_id="u1", frame=frame(1))

    assert taken == 2
    assert await drain(tab1) == await drain(tab2) == ['{"n":1}']
    assert other_interview.queued == other_user.queued == 0


async def test_a_slow_socket_is_closed_when_its_queue_is_full_and_the_others_go_on() -> None:
    metrics = CountingMetrics()
    hub = FanoutHub(max_per_interview=8, max_sockets=100, metrics=metrics)
    slow, fast = socket(capacity=3), socket(capacity=3)
    hub.join(slow)
    hub.join(fast)
    received: list[str] = []
    for n in range(10):
        hub.publish(interview_id="iv1", user_id="u1", frame=frame(n))
        received.append((await fast.next()).text)  # type: ignore[union-attr]

    assert received == [f'{{"n":{n}}}' for n in range(10)]
    assert slow.closing == (SLOW_CLIENT, "too slow: send queue full")
    assert slow.queued == 0  # its backlog is let go at once
    assert await slow.next() is None
    assert metrics.drops == ["slow_client"] * 7  # the 4th frame closed it; 7 never queued


async def test_next_waits_for_a_frame_and_a_close_wakes_it() -> None:
    s = socket()
    waiting = asyncio.create_task(s.next())
    await asyncio.sleep(0)
    assert not waiting.done()
    s.offer(frame(1))
    assert (await waiting) == frame(1)
    waiting = asyncio.create_task(s.next())
    await asyncio.sleep(0)
    s.close(4401, "token expired")
    assert await waiting is None


def test_a_close_request_is_kept_from_the_first_caller_and_calls_back_once() -> None:
    s = socket()
    calls = []
    s.on_close = lambda: calls.append(1)
    s.close(4401, "token revoked")
    s.close(1001, "gone")
    assert s.closing == (4401, "token revoked")
    assert calls == [1]
    assert not s.offer(frame(1))


def test_sockets_per_interview_and_per_process_are_bounded() -> None:
    metrics = CountingMetrics()
    hub = FanoutHub(max_per_interview=2, max_sockets=3, metrics=metrics)
    hub.join(socket())
    hub.join(socket())
    with pytest.raises(TooManySockets):
        hub.join(socket())
    hub.join(socket(interview="iv2"))
    with pytest.raises(TooManySockets):
        hub.join(socket(interview="iv3"))
    assert len(hub) == metrics.open == 3


def test_leaving_forgets_the_socket_once() -> None:
    metrics = CountingMetrics()
    hub = FanoutHub(max_per_interview=2, max_sockets=3, metrics=metrics)
    s = socket()
    hub.join(s)
    hub.leave(s, "client")
    hub.leave(s, "client")
    assert len(hub) == 0
    assert metrics.closes == ["client"]
    assert hub.publish(interview_id="iv1", user_id="u1", frame=frame(1)) == 0
