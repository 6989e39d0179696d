"""Evaluation's Kafka entry points: queue sandbox runs, score answers, follow subjects."""

from __future__ import annotations

from contracts import Envelope, Event, topics
from contracts.content import (
    ContentDeleted,
    ContentPublished,
    ContentPublishedV2,
    ContentUpdated,
    ContentUpdatedV2,
    StudentEnrolled,
)
from contracts.practice import AnswerSubmitted, ProjectTestsRequested, SubmissionCreated
from evaluation.pool import JudgePool
from evaluation.services.runs import enqueue_project_run, enqueue_run, score_submission
from evaluation.services.subjects import apply_catalog_event
from servicekit.db import UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.runtime import Subscription


def on_submission(pool: JudgePool) -> Subscription:
    async def handle(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        if isinstance(event, AnswerSubmitted):
            await score_submission(uow=uow, event=event)
            return
        if isinstance(event, SubmissionCreated):
            run = await enqueue_run(uow=uow, event=event)
        elif isinstance(event, ProjectTestsRequested):
            run = await enqueue_project_run(uow=uow, event=event)
        else:
            raise PermanentError(f"unexpected event on the submissions topic: {event.event_type}")
        if run is not None:
            uow.after_commit(lambda: pool.submit(run.id, run.user_id))

    return Subscription(topics.PRACTICE_SUBMISSIONS, handle, admit=pool.wait_for_room)


async def on_catalog_event(uow: UnitOfWork, event: Event, _: Envelope) -> None:
    if isinstance(event, ContentPublished | ContentUpdated):
        return  # version 1, sent beside version 2 (the typed item) for older readers
    if not isinstance(
        event, ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted | StudentEnrolled
    ):
        raise PermanentError(f"unexpected event on the catalogue topic: {event.event_type}")
    await apply_catalog_event(uow=uow, event=event)


def subscriptions(pool: JudgePool) -> list[Subscription]:
    return [on_submission(pool), Subscription(topics.CONTENT_CATALOG, on_catalog_event)]
