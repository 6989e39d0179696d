"""The admin's platform-wide counts, from practice's read models and its own work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from contracts.catalogue import Kind
from practice.db.progress_repositories import Activities, People, PlatformCounts
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow

ACTIVE_WINDOWS_DAYS = (1, 7, 30)


@dataclass(frozen=True)
class PlatformStats:
    total_users: int
    users_by_role: dict[str, int]
    total_tasks: int
    total_drills: int
    total_problems: int
    total_responses: int
    total_drill_answers: int
    submissions_by_kind: dict[str, dict[str, int]]  # kind -> verdict ("pending" before one) -> n
    active_users: dict[str, int]  # "1d", "7d", "30d" -> learners with completed work


async def platform_stats(*, uow: UnitOfWork, now: datetime | None = None) -> PlatformStats:
    """Users by role, catalogue sizes, work by kind and verdict, and recently active users."""
    counts = PlatformCounts(uow.session)
    items = await counts.items_by_kind()
    by_role = await People(uow.session).users_by_role()
    submissions: dict[str, dict[str, int]] = {}
    for kind, verdict, n in await counts.submissions_by_type_and_verdict():
        submissions.setdefault(kind, {})[verdict or "pending"] = n
    moment = now or utcnow()
    activities = Activities(uow.session)
    return PlatformStats(
        total_users=sum(by_role.values()),
        users_by_role=by_role,
        total_tasks=items.get(Kind.TASK, 0),
        total_drills=items.get(Kind.DRILL, 0),
        total_problems=items.get(Kind.CODING, 0) + items.get(Kind.SYSTEM_DESIGN, 0),
        total_responses=await counts.responses(),
        total_drill_answers=await counts.drill_answers(),
        submissions_by_kind=submissions,
        active_users={
            f"{days}d": await activities.active_users_since(moment - timedelta(days=days))
            for days in ACTIVE_WINDOWS_DAYS
        },
    )
