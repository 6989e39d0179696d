"""Use cases of coding attempts."""

from __future__ import annotations

import uuid

from contracts.catalogue import CodingProblem
from practice.db.repositories import Attempts
from practice.db.tables import Attempt
from practice.domain.attempts import AttemptState
from practice.domain.errors import AttemptNotFound, ProblemNotFound
from practice.services.catalog_view import catalogue_item
from servicekit.db import UnitOfWork


async def coding_problem(*, uow: UnitOfWork, problem_id: str) -> CodingProblem:
    """The problem from the read model, or ProblemNotFound."""
    return await catalogue_item(
        uow=uow, item_id=problem_id, model=CodingProblem, missing=ProblemNotFound
    )


async def start_attempt(
    *, uow: UnitOfWork, user_id: str, problem_id: str
) -> tuple[Attempt, CodingProblem, bool]:
    """Resume the learner's active attempt on the problem, or start one."""
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
