"""A queue that serves users in turn: one user's backlog never stands before another's next job."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class FairQueue(Generic[T]):
    """Round robin across users; first come, first served within one user's jobs."""

    def __init__(self) -> None:
        self._jobs: dict[str, deque[T]] = {}
        self._turns: deque[str] = deque()  # users with jobs, next one first
        self._available = asyncio.Semaphore(0)

    def put(self, user: str, job: T) -> None:
        if user not in self._jobs:
            self._jobs[user] = deque()
            self._turns.append(user)
        self._jobs[user].append(job)
        self._available.release()

    async def get(self) -> T:
        """The next user's oldest job; that user goes to the back of the line."""
        await self._available.acquire()
        user = self._turns.popleft()
        jobs = self._jobs[user]
        job = jobs.popleft()
        if jobs:
            self._turns.append(user)
        else:
            del self._jobs[user]
        return job

    def __len__(self) -> int:
        return sum(len(jobs) for jobs in self._jobs.values())
