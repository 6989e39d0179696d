"""The judge's queue serves users in turn, not first come first served."""

from __future__ import annotations

from evaluation.fair_queue import FairQueue


async def test_another_users_job_comes_before_a_backlog() -> None:
    queue: FairQueue[str] = FairQueue()
    for i in range(4):
        queue.put("looper", f"loop-{i}")
    queue.put("other", "other-0")
    served = [await queue.get() for _ in range(len(queue))]
    assert served == ["loop-0", "other-0", "loop-1", "loop-2", "loop-3"]


async def test_users_take_turns_and_each_keeps_its_order() -> None:
    queue: FairQueue[str] = FairQueue()
    for job in ["a1", "a2", "b1", "b2", "c1"]:
        queue.put(job[0], job)
    served = [await queue.get() for _ in range(5)]
    assert served == ["a1", "b1", "c1", "a2", "b2"]
    assert len(queue) == 0
