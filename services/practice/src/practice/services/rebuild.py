"""Rebuilding practice's read models from the topics and its own work, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from contracts import Envelope, UnknownEventError, decode_payload
from contracts.content import ContentDeleted, ContentPublishedV2, ContentUpdatedV2, StudentEnrolled
from practice.db.interview_repositories import Interviews
from practice.db.progress_repositories import ReadModels
from practice.services.catalog_view import apply_content_change
from practice.services.interview_completion import interview_activity
from practice.services.people import UserEvent, apply_enrolment, apply_user_change
from practice.services.progress import drill_activity, record_submission_activity
from servicekit.db import UnitOfWork


@dataclass(frozen=True)
class Rebuilt:
    events_applied: int
    submissions: int
    drill_answers: int


async def rebuild_read_models(*, uow: UnitOfWork, envelopes: Iterable[Envelope]) -> Rebuilt:
    """Clear the read models, apply the topics' events in order, then re-derive the ledger."""
    models = ReadModels(uow.session)
    await models.clear()
    applied = 0
    for envelope in envelopes:
        applied += await _apply(uow, envelope)
    await uow.session.flush()  # the catalogue is in place before the ledger reads categories
    submissions, answers = await models.evaluated_submissions(), await models.drill_answers()
    for submission in submissions:
        await record_submission_activity(uow=uow, submission=submission)
    for answer in answers:
        uow.session.add(drill_activity(answer))
    for interview in await Interviews(uow.session).completed():
        uow.session.add(interview_activity(interview))
    await uow.commit()
    return Rebuilt(applied, len(submissions), len(answers))


async def _apply(uow: UnitOfWork, envelope: Envelope) -> int:
    """1 when the event changes a read model; what no read model keeps is skipped."""
    try:
        event = decode_payload(envelope)
    except (UnknownEventError, ValueError):  # the live consumer dead-lettered it too
        return 0
    if isinstance(event, ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted):
        await apply_content_change(uow=uow, event=event)
    elif isinstance(event, StudentEnrolled):
        await apply_enrolment(uow=uow, event=event, at=envelope.occurred_at)
    elif isinstance(event, UserEvent):
        await apply_user_change(uow=uow, event=event)
    else:
        return 0
    await uow.session.flush()  # the next event of the same item reads this one's row
    return 1
