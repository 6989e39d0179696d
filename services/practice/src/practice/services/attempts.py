"""Use cases of coding attempts."""

from __future__ import annotations

import uuid

from contracts.catalogue import CodingProblem
from practice.db.repositories import Attempts, Submissions
from practice.db.tables import Attempt
from practice.domain.attempts import AttemptAction, AttemptState, after
from practice.domain.errors import AttemptNotFound, ProblemNotFound
from practice.domain.reflection import Reflection, reflection_for
from practice.domain.submissions import visible_results
from practice.services.catalog_view import catalogue_item
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def coding_problem(*, uow: UnitOfWork, problem_id: str) -> CodingProblem:
    """The problem from the read model, or ProblemNotFound."""
    return await catalogue_item(
        uow=uow, item_id=problem_id, model=CodingProblem, missing=ProblemNotFound
    )


async def start_attempt(
    *, uow: UnitOfWork, user_id: str, problem_id: str
) -> tuple[Attempt, CodingProblem, bool]:
    """Resume the learner's active attempt on the problem, or start one (after a finished one)."""
    problem = await coding_problem(uow=uow, problem_id=problem_id)
    attempts = Attempts(uow.session)
    if (active := await attempts.active_for(user_id, problem_id)) is not None:
        return active, problem, True
    attempt = Attempt(
        id=str(uuid.uuid4()),
        user_id=user_id,
        problem_id=problem_id,
        pattern=problem.pattern,
        rung=problem.rung,
        state=AttemptState.THINKING_GATE,
    )
    attempts.add(attempt)
    await uow.commit()
    return attempt, problem, False


async def get_attempt(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> Attempt:
    """One of the learner's attempts; someone else's answers as not found."""
    attempt = await Attempts(uow.session).get_for_user(attempt_id, user_id)
    if attempt is None:
        raise AttemptNotFound(attempt_id)
    return attempt


async def list_attempts(
    *, uow: UnitOfWork, user_id: str, limit: int, offset: int
) -> tuple[list[Attempt], int]:
    """The learner's attempts, newest first."""
    return await Attempts(uow.session).page(user_id=user_id, limit=limit, offset=offset)


async def abandon_attempt(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> Attempt:
    """Give the attempt up; `POST /attempts` then starts a new one on the problem."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    attempt.state = after(attempt.state, AttemptAction.ABANDON)
    attempt.completed_at = utcnow()
    uow.session.add(attempt)
    await uow.commit()
    return attempt


async def current_reflection(*, uow: UnitOfWork, attempt: Attempt) -> Reflection | None:
    """In REFLECTION: the options drawn from the submission that failed, else None."""
    if attempt.state != AttemptState.REFLECTION:
        return None
    judged = await Submissions(uow.session).judged_code(attempt.id)
    failed = next((s for s in judged if s.verdict != "accepted"), None)
    if failed is None:
        return None
    return reflection_for(failed.verdict, visible_results(failed.test_results))
