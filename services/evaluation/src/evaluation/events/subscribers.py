"""Evaluation's Kafka entry point: queue a run per submission, then let the pool judge it."""

from __future__ import annotations

from contracts import Envelope, Event, topics
from contracts.practice import SubmissionCreated
from evaluation.pool import JudgePool
from evaluation.services.runs import enqueue_run
from servicekit.db import UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.runtime import Subscription


def on_submission_created(pool: JudgePool) -> Subscription:
    async def handle(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        if not isinstance(event, SubmissionCreated):
            raise PermanentError(f"unexpected event on the submissions topic: {event.event_type}")
        run = await enqueue_run(uow=uow, event=event)
        if run is not None:
            uow.after_commit(lambda: pool.submit(run.id))

    return Subscription(topics.PRACTICE_SUBMISSIONS, handle, admit=pool.wait_for_room)
