"""Holding a request until a submission's verdict is in (`?wait=`)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable

from practice.db.tables import Submission
from practice.domain.submissions import PENDING, SubmissionStatus
from servicekit.waiting import wait_set

# Another replica may record the verdict: look at the database at least this often.
POLL_SECONDS = 0.5


class VerdictWaiters:
    """In-process wake-ups for requests waiting on a submission's verdict."""

    def __init__(self) -> None:
        self._events: dict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, submission_id: str) -> None:
        for event in self._events.pop(submission_id, set()):
            event.set()

    async def wait(
        self,
        submission_id: str,
        *,
        seconds: float,
        load: Callable[[], Awaitable[Submission]],
    ) -> Submission:
        """Return the submission once judged, or as it stands when `seconds` run out."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = asyncio.Event()
            self._events[submission_id].add(event)
            try:
                submission = await load()
                remaining = deadline - loop.time()
                if SubmissionStatus(submission.status) not in PENDING or remaining <= 0:
                    return submission
                await wait_set(event, min(remaining, POLL_SECONDS))
            finally:
                waiting = self._events.get(submission_id)
                if waiting is not None:
                    waiting.discard(event)
                    if not waiting:
                        del self._events[submission_id]
