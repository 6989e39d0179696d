"""Use cases of skills: kept from completed attempts, read as a matrix, used to pick a problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.catalogue import CodingProblem, Kind
from practice.db.repositories import Attempts, ContentViews, Skills
from practice.db.tables import Attempt, Skill
from practice.domain.errors import ProblemNotFound
from practice.domain.reviews import Completion, Review, due, reviews
from practice.domain.skills import (
    UNLOCK_SCORE,
    Recommendation,
    SkillView,
    recommend,
    skill_score,
    unlocked_rungs,
)
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def refresh_skill(*, uow: UnitOfWork, attempt: Attempt) -> None:
    """Recompute the skill of the attempt's pattern and rung from every completed attempt.

    A recomputation, not an increment: running it again for the same attempt changes nothing.
    """
    if attempt.pattern is None or attempt.rung is None:
        return
    completed = await Attempts(uow.session).completed_at_level(
        attempt.user_id, attempt.pattern, attempt.rung
    )
    if not completed:
        return
    skills = Skills(uow.session)
    skill = await skills.get(attempt.user_id, attempt.pattern, attempt.rung) or Skill(
        user_id=attempt.user_id, pattern=attempt.pattern, rung=attempt.rung
    )
    skill.score = skill_score([a.score or 0.0 for a in completed])
    skill.attempts_count = len(completed)
    skill.last_attempt_at = completed[0].completed_at or utcnow()
    if skill.unlocked_at is None and skill.score >= UNLOCK_SCORE:
        skill.unlocked_at = utcnow()
    skill.updated_at = utcnow()
    skills.add(skill)


def _view(skill: Skill) -> SkillView:
    return SkillView(
        pattern=skill.pattern,
        rung=skill.rung,
        score=skill.score,
        attempts_count=skill.attempts_count,
        last_attempt_at=skill.last_attempt_at,
        unlocked_at=skill.unlocked_at,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SkillMatrix:
    skills: list[SkillView]
    unlocked_rungs: list[tuple[str, int, float]]
    recommended_next: Recommendation
    reviews: list[Review]


async def _standing(uow: UnitOfWork, user_id: str) -> tuple[list[SkillView], list[Review]]:
    skills = [_view(s) for s in await Skills(uow.session).of_user(user_id)]
    mastered = {s.pattern for s in skills if s.unlocked_at is not None}
    completions = [
        Completion(a.pattern, _aware(a.completed_at), a.score or 0.0, len(a.hints_used))
        for a in await Attempts(uow.session).completed_of_user(user_id)
        if a.pattern is not None and a.completed_at is not None
    ]
    return skills, reviews(completions, mastered)


async def skill_matrix(*, uow: UnitOfWork, user_id: str) -> SkillMatrix:
    skills, schedule = await _standing(uow, user_id)
    due_now = [r.pattern for r in due(schedule, utcnow())]
    return SkillMatrix(skills, unlocked_rungs(skills), recommend(skills, due_now), schedule)


def _highest_open_rung(skills: list[SkillView], pattern: str) -> int:
    rungs = [rung for p, rung, _ in unlocked_rungs(skills) if p == pattern]
    return max([1, *rungs])


async def next_problem(
    *, uow: UnitOfWork, user_id: str, pattern: str | None, rung: int | None
) -> tuple[CodingProblem, str]:
    """The best problem within the filters: not completed yet, closest to the target level."""
    skills, schedule = await _standing(uow, user_id)
    target = recommend(skills, [r.pattern for r in due(schedule, utcnow())])
    if pattern is not None or rung is not None:
        chosen = pattern or target.pattern
        level = rung or _highest_open_rung(skills, chosen)
        target = Recommendation(chosen, level, f"Next problem in {chosen} pattern progression")
    candidates = [
        item
        for item in await ContentViews(uow.session).items_of(Kind.CODING)
        if isinstance(item, CodingProblem)
        and (pattern is None or item.pattern == pattern)
        and (rung is None or item.rung == rung)
    ]
    if not candidates:
        raise ProblemNotFound(f"{pattern or 'any pattern'} at rung {rung or 'any'}")
    done = await Attempts(uow.session).completed_problems(user_id)

    def rank(problem: CodingProblem) -> tuple[bool, bool, int, str]:
        distance = abs((problem.rung or 1) - target.rung)
        return problem.id in done, problem.pattern != target.pattern, distance, problem.id

    return min(candidates, key=rank), target.reason
