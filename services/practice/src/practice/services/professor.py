"""A professor's views of the students enrolled in the subjects they teach."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from contracts.catalogue import Kind, Subject
from practice.db.progress_repositories import Activities, People
from practice.db.progress_tables import Activity
from practice.db.repositories import ContentViews
from practice.domain.progress import as_utc, chosen_zone, score_summary
from practice.domain.progress_errors import NotYourSubject, SubjectNotFound
from practice.services.progress import Progress, progress_of
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow

ACTIVE_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class StudentProgress:
    user_id: str
    username: str | None
    full_name: str
    subject_ids: tuple[str, ...]
    progress: Progress
    last_active_at: datetime | None


@dataclass(frozen=True)
class SubjectAnalytics:
    subject_id: str
    name: str
    total_students: int
    active_students: int  # with completed work in the last 7 days
    average_score: float
    students: list[StudentProgress]


def teaches(principal: Principal, subject: Subject) -> bool:
    return principal.is_admin or subject.professor_id == principal.user_id


async def _students(
    uow: UnitOfWork, subject_ids: set[str], now: datetime
) -> tuple[list[StudentProgress], list[float]]:
    """Each enrolled student's progress (days in their zone), and every scored piece of work."""
    people = People(uow.session)
    subjects_of: dict[str, list[str]] = defaultdict(list)
    for enrolment in await people.enrolled_in(subject_ids):
        subjects_of[enrolment.user_id].append(enrolment.subject_id)
    users = await people.users(set(subjects_of))
    activities = await Activities(uow.session).of_users(set(subjects_of))
    work: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        work[activity.user_id].append(activity)
    students = []
    for user_id, subject_list in sorted(subjects_of.items()):
        rows = work[user_id]
        done = [as_utc(a.occurred_at) for a in rows if a.completed]
        user = users.get(user_id)
        zone = user.time_zone if user else None
        students.append(
            StudentProgress(
                user_id=user_id,
                username=user.username if user else None,
                full_name=user.full_name if user else "",
                subject_ids=tuple(sorted(subject_list)),
                progress=progress_of(user_id, rows, chosen_zone(None, zone), now),
                last_active_at=max(done) if done else None,
            )
        )
    scores = [a.score for a in activities if a.completed and a.score is not None]
    return students, scores


async def my_students(*, uow: UnitOfWork, professor: Principal) -> list[StudentProgress]:
    """Students enrolled in any subject the professor teaches (every subject for an admin)."""
    subjects = await ContentViews(uow.session).items_of(Kind.SUBJECT)
    mine = {s.id for s in subjects if isinstance(s, Subject) and teaches(professor, s)}
    students, _ = await _students(uow, mine, utcnow())
    return students


async def subject_analytics(
    *, uow: UnitOfWork, professor: Principal, subject_id: str
) -> SubjectAnalytics:
    """Totals and per-student progress for one subject; only its professor or an admin."""
    subject = await ContentViews(uow.session).item(subject_id)
    if not isinstance(subject, Subject):
        raise SubjectNotFound(subject_id)
    if not teaches(professor, subject):
        raise NotYourSubject(subject_id)
    now = utcnow()
    students, scores = await _students(uow, {subject_id}, now)
    active = [s for s in students if s.last_active_at and now - s.last_active_at <= ACTIVE_WITHIN]
    return SubjectAnalytics(
        subject_id=subject_id,
        name=subject.name,
        total_students=len(students),
        active_students=len(active),
        average_score=score_summary(scores).average,
        students=students,
    )
