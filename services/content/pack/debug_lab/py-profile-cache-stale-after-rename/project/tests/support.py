"""Deterministic interleavings: hold database reads in flight until the test lets them go."""

import asyncio


class Gate:
    def __init__(self) -> None:
        self.opened = asyncio.Event()
        self.waiting = 0

    async def __call__(self, user_id: str) -> None:
        self.waiting += 1
        await asyncio.wait_for(self.opened.wait(), 1)


async def until(condition) -> None:
    """Let the other tasks run until `condition()` holds (they only need a few steps)."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the interleaving the test needs did not happen")


async def settle() -> None:
    """Let every task that can run, run until it blocks."""
    for _ in range(20):
        await asyncio.sleep(0)


async def finish(*tasks):
    return await asyncio.wait_for(asyncio.gather(*tasks), 1)
