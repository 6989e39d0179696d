"""Topics come back after the broker restarts empty (Tansu keeps nothing), and /ready says so."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from servicekit.messaging import TopicKeeper
from servicekit.testing.infra import free_port, tansu_broker

TOPICS = ["keeper.events.v1", "keeper.results.v1"]


async def eventually_ready(keeper: TopicKeeper, within: float = 20) -> None:
    async with asyncio.timeout(within):
        while True:
            try:
                await keeper.check()
                return
            except ConnectionError:
                await asyncio.sleep(0.05)


async def test_the_keeper_recreates_topics_a_restarted_broker_lost() -> None:
    port = free_port()
    keeper = TopicKeeper(f"127.0.0.1:{port}", TOPICS, interval_seconds=0.1)
    with tansu_broker(port):
        assert sorted(await keeper.ensure()) == sorted([*TOPICS, *(f"{t}.dlq" for t in TOPICS)])
        await keeper.check()
    with tansu_broker(port):  # the same address, nothing on it
        with pytest.raises(ConnectionError, match="topics missing"):
            await keeper.check()
        task = asyncio.create_task(keeper.run())
        try:
            await eventually_ready(keeper)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def test_an_unreachable_broker_does_not_stop_the_keeper() -> None:
    keeper = TopicKeeper(f"127.0.0.1:{free_port()}", TOPICS, interval_seconds=0.05)
    task = asyncio.create_task(keeper.run())
    await asyncio.sleep(0.5)  # several rounds against nothing: none may end the task
    assert not task.done()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
