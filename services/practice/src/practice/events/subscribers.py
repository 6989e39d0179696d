"""Practice's Kafka entry points: thin, one use case each."""

from __future__ import annotations

from contracts import Envelope, Event, topics
from contracts.coach import FeedbackReady
from contracts.content import (
    ContentDeleted,
    ContentPublished,
    ContentPublishedV2,
    ContentUpdated,
    ContentUpdatedV2,
    StudentEnrolled,
)
from contracts.evaluation import EvaluationCompleted
from contracts.identity import UserRegistered, UserRoleChanged, UserUpdated
from practice.services.catalog_view import apply_content_change
from practice.services.people import apply_enrolment, apply_user_change
from practice.services.progress import record_submission_activity
from practice.services.responses import record_feedback
from practice.services.submissions import record_evaluation
from practice.services.waiters import VerdictWaiters
from servicekit.db import UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.runtime import Subscription


async def on_content_changed(uow: UnitOfWork, event: Event, envelope: Envelope) -> None:
    if isinstance(event, StudentEnrolled):
        await apply_enrolment(uow=uow, event=event, at=envelope.occurred_at)
        return
    if isinstance(event, ContentPublished | ContentUpdated):
        return  # version 1, sent beside version 2 (the typed item) for older readers
    if not isinstance(event, ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted):
        raise PermanentError(f"unexpected event on the catalogue topic: {event.event_type}")
    await apply_content_change(uow=uow, event=event)


def on_evaluation_completed(waiters: VerdictWaiters) -> Subscription:
    async def handle(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        if not isinstance(event, EvaluationCompleted):
            raise PermanentError(f"unexpected event on the results topic: {event.event_type}")
        if (submission := await record_evaluation(uow=uow, event=event)) is not None:
            await record_submission_activity(uow=uow, submission=submission)
            uow.after_commit(lambda: waiters.notify(event.submission_id))

    return Subscription(topics.EVALUATION_RESULTS, handle)


async def on_user_changed(uow: UnitOfWork, event: Event, _: Envelope) -> None:
    if not isinstance(event, UserRegistered | UserUpdated | UserRoleChanged):
        raise PermanentError(f"unexpected event on the users topic: {event.event_type}")
    await apply_user_change(uow=uow, event=event)


async def on_feedback_ready(uow: UnitOfWork, event: Event, _: Envelope) -> None:
    if not isinstance(event, FeedbackReady):
        raise PermanentError(f"unexpected event on the feedback topic: {event.event_type}")
    await record_feedback(uow=uow, event=event)


def subscriptions(waiters: VerdictWaiters) -> list[Subscription]:
    return [
        Subscription(topics.CONTENT_CATALOG, on_content_changed),
        on_evaluation_completed(waiters),
        Subscription(topics.IDENTITY_USERS, on_user_changed),
        Subscription(topics.COACH_FEEDBACK, on_feedback_ready),
    ]
