"""Background loops wait with deadlines that never swallow their own cancellation."""

from __future__ import annotations

import asyncio
import logging

import pytest

from servicekit import app
from servicekit.waiting import wait_set


async def test_wait_set_answers_whether_the_event_was_set() -> None:
    event = asyncio.Event()
    assert await wait_set(event, 0.01) is False
    event.set()
    assert await wait_set(event, 60) is True


async def test_a_cancel_that_arrives_as_the_event_is_set_still_cancels() -> None:
    # asyncio.wait_for on Python 3.11 returns normally here, and a loop around it never stops.
    event = asyncio.Event()
    waiting = asyncio.create_task(wait_set(event, 60))
    while not event._waiters:  # type: ignore[attr-defined]
        await asyncio.sleep(0)
    event.set()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


async def test_a_task_that_outlives_its_cancel_is_named_and_does_not_hold_the_stop(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(app, "TASK_STOP_SECONDS", 0.05)
    release = asyncio.Event()

    async def stubborn() -> None:
        while not release.is_set():
            try:
                await release.wait()
            except asyncio.CancelledError:
                continue

    async def failed() -> None:
        raise RuntimeError("boom")

    tasks = [asyncio.create_task(stubborn(), name="stubborn"), asyncio.create_task(failed())]
    await asyncio.wait(tasks[1:])
    with caplog.at_level(logging.WARNING, logger="servicekit.app"):
        await app._cancel(tasks)
    assert "stubborn did not stop within" in caplog.text
    assert "had failed" in caplog.text
    release.set()
    await tasks[0]
