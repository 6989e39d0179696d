"""The learner's analytics: overview, categories, skills, recent days and what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contracts.catalogue import CatalogueItem, Kind
from practice.db.progress_repositories import Activities, design_seconds
from practice.db.repositories import ContentViews
from practice.domain.analytics import (
    CategoryPerformance,
    DayActivity,
    SkillProgress,
    Work,
    performance,
    recent_activity,
    skill_progress,
    weakest_first,
)
from practice.domain.progress import as_utc, local_day
from practice.services.progress import category_of, learner_zone, progress_of
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow

RECOMMENDED_KINDS = (Kind.CODING, Kind.SYSTEM_DESIGN, Kind.TASK, Kind.DRILL)
RECOMMENDATIONS = 3


@dataclass(frozen=True)
class Overview:
    total_sessions: int
    average_score: float
    completion_rate: float  # percent of evaluated work that was completed
    streak_days: int
    total_hours: float  # time design sessions reported


@dataclass(frozen=True)
class Recommendation:
    item_id: str
    kind: str
    title: str
    category: str
    reason: str
    priority: str


@dataclass(frozen=True)
class Analytics:
    overview: Overview
    performance_by_category: list[CategoryPerformance]
    skill_progress: list[SkillProgress]
    recent_activity: list[DayActivity]
    recommendations: list[Recommendation]
    time_zone: str  # the zone the days were counted in


async def my_analytics(
    *, uow: UnitOfWork, user_id: str, tz: str | None, now: datetime | None = None
) -> Analytics:
    """Everything `/analytics/me` shows, from the ledger and the catalogue read model."""
    zone, moment = await learner_zone(uow=uow, user_id=user_id, asked=tz), as_utc(now or utcnow())
    rows = await Activities(uow.session).of_users({user_id})
    work = [Work(a.item_id, a.category, a.completed, a.score, a.occurred_at) for a in rows]
    progress = progress_of(user_id, rows, zone, moment)
    categories = performance(work)
    overview = Overview(
        total_sessions=len(rows),
        average_score=progress.average_score,
        completion_rate=round(100 * progress.total_tasks_completed / len(rows), 2) if rows else 0.0,
        streak_days=progress.current_streak,
        total_hours=round(await design_seconds(uow.session, user_id) / 3600, 2),
    )
    done = {w.item_id for w in work if w.completed}
    return Analytics(
        overview=overview,
        performance_by_category=categories,
        skill_progress=skill_progress(work),
        recent_activity=recent_activity(work, zone, local_day(moment, zone)),
        recommendations=await _recommend(uow, weakest_first(categories), done),
        time_zone=zone.key,
    )


async def _recommend(uow: UnitOfWork, weakest: list[str], done: set[str]) -> list[Recommendation]:
    """Items not yet completed, from the weakest categories first, then anything new."""
    views = ContentViews(uow.session)
    candidates: list[CatalogueItem] = []
    for kind in RECOMMENDED_KINDS:
        candidates += [item for item in await views.items_of(kind) if item.id not in done]
    rank = {category: position for position, category in enumerate(weakest)}
    ranked = sorted(candidates, key=lambda item: rank.get(_category(item), len(rank)))
    return [_recommendation(item, rank.get(_category(item))) for item in ranked[:RECOMMENDATIONS]]


def _category(item: CatalogueItem) -> str:
    return category_of(item) or item.kind


def _recommendation(item: CatalogueItem, rank: int | None) -> Recommendation:
    category = _category(item)
    return Recommendation(
        item_id=item.id,
        kind=item.kind,
        title=str(getattr(item, "title", None) or item.id),
        category=category,
        reason=f"something new in {category}" if rank is None else f"strengthen {category}",
        priority="high" if rank == 0 else "medium",
    )
