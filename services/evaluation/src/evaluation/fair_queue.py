"""A queue that serves users in turn: one user's backlog never stands before another's next job.

Turns alone are not enough when one user's jobs are long (code that spins until its time
limit): served in turn, they would still end up holding every worker. So a user also holds at
most `max_running` workers at once; their other jobs wait, without blocking anyone else's.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from typing import Generic, TypeVar

T = TypeVar("T")


class FairQueue(Generic[T]):
    """Round robin across users; first come, first served within one user's jobs."""

    def __init__(self, max_running: int) -> None:
        if max_running < 1:
            raise ValueError("max_running must be at least 1")
        self._max_running = max_running
        self._jobs: dict[str, deque[T]] = {}
        self._running: Counter[str] = Counter()
        self._turns: deque[str] = deque()  # users with a job that may start now, next one first
        self._in_turns: set[str] = set()
        self._startable = asyncio.Semaphore(0)  # one token per entry of `_turns`

    def put(self, user: str, job: T) -> None:
        self._jobs.setdefault(user, deque()).append(job)
        self._offer_turn(user)

    async def get(self) -> tuple[str, T]:
        """The next user's oldest job; that user goes to the back of the line.

        The caller runs the job and then calls `done(user)`, which frees the user's slot.
        """
        await self._startable.acquire()
        user = self._turns.popleft()
        self._in_turns.discard(user)
        jobs = self._jobs[user]
        job = jobs.popleft()
        if not jobs:
            del self._jobs[user]
        self._running[user] += 1
        self._offer_turn(user)
        return user, job

    def done(self, user: str) -> None:
        """One of the user's jobs has finished: their next one may start."""
        self._running[user] -= 1
        if self._running[user] <= 0:
            del self._running[user]
        self._offer_turn(user)

    def running(self, user: str) -> int:
        return self._running.get(user, 0)

    def _offer_turn(self, user: str) -> None:
        if (
            user in self._jobs
            and user not in self._in_turns
            and self._running.get(user, 0) < self._max_running
        ):
            self._turns.append(user)
            self._in_turns.add(user)
            self._startable.release()

    def __len__(self) -> int:
        return sum(len(jobs) for jobs in self._jobs.values())
