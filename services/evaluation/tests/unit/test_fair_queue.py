"""The judge's queue serves users in turn, not first come first served, and caps each user."""

from __future__ import annotations

import asyncio

import pytest

from evaluation.fair_queue import FairQueue


async def _drain(queue: FairQueue[str]) -> list[str]:
    """Serve every job, finishing each before the next is taken (one worker)."""
    served = []
    while len(queue):
        user, job = await queue.get()
        served.append(job)
        queue.done(user)
    return served


async def test_another_users_job_comes_before_a_backlog() -> None:
    queue: FairQueue[str] = FairQueue(max_running=4)
    for i in range(4):
        queue.put("looper", f"loop-{i}")
    queue.put("other", "other-0")
    assert await _drain(queue) == ["loop-0", "other-0", "loop-1", "loop-2", "loop-3"]


async def test_users_take_turns_and_each_keeps_its_order() -> None:
    queue: FairQueue[str] = FairQueue(max_running=4)
    for job in ["a1", "a2", "b1", "b2", "c1"]:
        queue.put(job[0], job)
    assert await _drain(queue) == ["a1", "b1", "c1", "a2", "b2"]
    assert len(queue) == 0


async def test_a_user_at_the_cap_waits_while_others_are_served() -> None:
    queue: FairQueue[str] = FairQueue(max_running=1)
    for i in range(3):
        queue.put("looper", f"loop-{i}")
    first = await queue.get()  # the looper's one slot, still running
    for job in ["a1", "b1"]:
        queue.put(job[0], job)
    served = [(await queue.get())[1], (await queue.get())[1]]
    assert first == ("looper", "loop-0")
    assert served == ["a1", "b1"]  # not loop-1: the looper already holds its sandbox
    assert queue.running("looper") == 1


async def test_finishing_a_job_lets_the_users_next_one_start() -> None:
    queue: FairQueue[str] = FairQueue(max_running=1)
    queue.put("looper", "loop-0")
    queue.put("looper", "loop-1")
    user, _ = await queue.get()
    waiting = asyncio.create_task(queue.get())
    await asyncio.sleep(0)
    assert not waiting.done()  # the second job may not start while the first runs
    queue.done(user)
    assert await asyncio.wait_for(waiting, timeout=5) == ("looper", "loop-1")
    assert queue.running("looper") == 1


def test_the_cap_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        FairQueue[str](max_running=0)
