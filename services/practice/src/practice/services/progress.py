"""Use cases of progress: recording evaluated work in the ledger, and the learner's progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from contracts.catalogue import CatalogueItem
from practice.db.progress_repositories import Activities, People
from practice.db.progress_tables import Activity, DrillAnswer
from practice.db.repositories import ContentViews
from practice.db.tables import Submission
from practice.domain.progress import (
    activity_days,
    as_utc,
    chosen_zone,
    is_completed,
    is_learner_work,
    local_day,
    normalised_score,
    score_summary,
    streaks,
)
from practice.domain.progress_errors import UnknownTimeZone
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def record_submission_activity(*, uow: UnitOfWork, submission: Submission) -> None:
    """Add evaluated learner work to the ledger once; it counts on the day it was sent."""
    activities = Activities(uow.session)
    activity_id = f"submission:{submission.id}"
    if not is_learner_work(submission.type) or await activities.get(activity_id) is not None:
        return
    item = await ContentViews(uow.session).item(submission.problem_id)
    activities.add(
        Activity(
            id=activity_id,
            user_id=submission.user_id,
            kind=submission.type,
            item_id=submission.problem_id,
            category=category_of(item),
            completed=is_completed(submission.type, submission.status, submission.verdict),
            score=normalised_score(submission.type, submission.score),
            occurred_at=submission.created_at,
        )
    )


def drill_activity(answer: DrillAnswer) -> Activity:
    """A drill counts as done once answered, right or wrong; drills are not scored."""
    return Activity(
        id=f"drill:{answer.id}",
        user_id=answer.user_id,
        kind="drill",
        item_id=answer.drill_id,
        category=answer.drill_type,
        completed=True,
        occurred_at=answer.answered_at,
    )


def category_of(item: CatalogueItem | None) -> str | None:
    """What analytics groups work by: a problem's category or pattern, a task's track, ..."""
    if item is None:
        return None
    for name in ("category", "pattern", "drill_type", "role", "track"):
        value = getattr(item, name, None)
        if value:
            return str(value)
    return item.kind


async def learner_zone(*, uow: UnitOfWork, user_id: str, asked: str | None) -> ZoneInfo:
    """The zone the learner's days are counted in: `asked`, else their preference, else UTC."""
    known = None if asked is not None else await People(uow.session).user(user_id)
    try:
        return chosen_zone(asked, known.time_zone if known else None)
    except ValueError as error:
        raise UnknownTimeZone(asked or "") from error


@dataclass(frozen=True)
class Progress:
    user_id: str
    total_tasks_completed: int
    current_streak: int
    longest_streak: int
    last_activity_date: date | None
    total_score: float
    average_score: float
    time_zone: str  # the zone the days were counted in


def progress_of(
    user_id: str, activities: Sequence[Activity], zone: ZoneInfo, now: datetime
) -> Progress:
    """Progress from the learner's ledger rows, with days counted in `zone`."""
    done = [a for a in activities if a.completed]
    days = activity_days((a.occurred_at for a in done), zone)
    run = streaks(days, local_day(now, zone))
    scores = score_summary(a.score for a in done)
    return Progress(
        user_id=user_id,
        total_tasks_completed=len(done),
        current_streak=run.current,
        longest_streak=run.longest,
        last_activity_date=max(days) if days else None,
        total_score=scores.total,
        average_score=scores.average,
        time_zone=zone.key,
    )


async def get_progress(
    *, uow: UnitOfWork, user_id: str, tz: str | None, now: datetime | None = None
) -> Progress:
    """The learner's progress, streaks counted in `tz`, else their preference, else UTC."""
    zone = await learner_zone(uow=uow, user_id=user_id, asked=tz)
    activities = await Activities(uow.session).of_users({user_id})
    return progress_of(user_id, activities, zone, as_utc(now or utcnow()))
