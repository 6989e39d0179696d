"""Waiting with a deadline without losing a cancellation.

On Python 3.11, `asyncio.wait_for` returns normally when it is cancelled just as what it
waits for completes, so a loop waiting with it can outlive its own cancellation and hold a
shutdown forever (seen: an outbox relay woken by a commit as its app stopped).
`asyncio.timeout` re-raises that cancellation, so background loops wait with these instead.
"""

from __future__ import annotations

import asyncio
import contextlib


async def wait_set(event: asyncio.Event, seconds: float) -> bool:
    """Wait until `event` is set or `seconds` pass; True when it is set."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
    return event.is_set()
