"""Coach's Kafka entry points: thin, one use case each."""

from __future__ import annotations

from coach.config import Settings
from coach.db.uow import SqlCoachUnitOfWork
from coach.services.catalogue import apply_content_change, record_enrolment
from coach.services.feedback import prepare_feedback, remember_submission
from coach.services.generation import record_outcome
from coach.services.ports import Provider
from contracts import Envelope, Event, topics
from contracts.content import (
    ContentDeleted,
    ContentPublished,
    ContentPublishedV2,
    ContentUpdated,
    ContentUpdatedV2,
    GeneratedItemSettled,
    StudentEnrolled,
)
from contracts.evaluation import EvaluationCompleted
from contracts.practice import AnswerSubmitted, ProjectTestsRequested, SubmissionCreated
from servicekit.db import UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.runtime import Subscription

_CHANGES = (ContentPublished, ContentUpdated, ContentPublishedV2, ContentUpdatedV2, ContentDeleted)


def subscriptions(*, sqlite: bool, provider: Provider, settings: Settings) -> list[Subscription]:
    async def on_content_changed(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        coach = SqlCoachUnitOfWork(uow, sqlite=sqlite)
        if isinstance(event, StudentEnrolled):
            await record_enrolment(uow=coach, event=event)
        elif isinstance(event, _CHANGES):
            await apply_content_change(uow=coach, event=event)
        else:
            raise PermanentError(f"unexpected event on the catalogue topic: {event.event_type}")

    async def on_evaluation_completed(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        if not isinstance(event, EvaluationCompleted):
            raise PermanentError(f"unexpected event on the results topic: {event.event_type}")
        await prepare_feedback(
            uow=SqlCoachUnitOfWork(uow, sqlite=sqlite),
            provider=provider,
            event=event,
            passages=settings.passages_per_answer,
        )

    async def on_submitted(uow: UnitOfWork, event: Event, _: Envelope) -> None:
        if isinstance(event, AnswerSubmitted | ProjectTestsRequested):
            return  # only code has a representation to share feedback by
        if not isinstance(event, SubmissionCreated):
            raise PermanentError(f"unexpected event on the submissions topic: {event.event_type}")
        await remember_submission(uow=SqlCoachUnitOfWork(uow, sqlite=sqlite), event=event)

    async def on_item_settled(uow: UnitOfWork, event: Event, envelope: Envelope) -> None:
        if not isinstance(event, GeneratedItemSettled):
            raise PermanentError(f"unexpected event on the generation topic: {event.event_type}")
        await record_outcome(
            uow=SqlCoachUnitOfWork(uow, sqlite=sqlite), event=event, now=envelope.occurred_at
        )

    return [
        Subscription(topics.CONTENT_CATALOG, on_content_changed),
        Subscription(topics.CONTENT_GENERATION, on_item_settled),
        Subscription(topics.PRACTICE_SUBMISSIONS, on_submitted),
        Subscription(topics.EVALUATION_RESULTS, on_evaluation_completed),
    ]
