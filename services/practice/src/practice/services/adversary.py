"""Use cases of the adversary: a mutated constraint after completion, answered or skipped once."""

from __future__ import annotations

import uuid
from typing import Any

from practice.db.repositories import AttemptSteps
from practice.db.tables import AttemptStep
from practice.domain.adversary import adversary_prompt
from practice.domain.attempts import AttemptAction, after
from practice.domain.errors import AlreadyCompleted, StepNotFound
from practice.services.attempts import coding_problem, get_attempt
from servicekit.db import UnitOfWork

ADVERSARY = "ADVERSARY"
OPEN = "PENDING"


async def challenge(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> AttemptStep:
    """The attempt's adversary step, made on first asking; 409 before COMPLETED."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.FACE_ADVERSARY)
    steps = AttemptSteps(uow.session)
    if (step := await steps.first_of(attempt.id, ADVERSARY)) is not None:
        return step
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    data: dict[str, Any] = {
        "prompt": adversary_prompt(problem),
        "user_response": None,
        "skipped": False,
        "completed": False,
    }
    step = AttemptStep(
        id=str(uuid.uuid4()), attempt_id=attempt.id, type=ADVERSARY, result=OPEN, data=data
    )
    steps.add(step)
    await uow.commit()
    return step


async def answer(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, step_id: str, response: str | None
) -> AttemptStep:
    """Record the answer, or a skip when `response` is None; a second one is 409."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.FACE_ADVERSARY)
    step = await AttemptSteps(uow.session).first_of(attempt.id, ADVERSARY)
    if step is None or step.id != step_id:
        raise StepNotFound(step_id)
    if step.data["completed"]:
        raise AlreadyCompleted("This adversary challenge has been answered")
    skipped = response is None
    step.data = {**step.data, "user_response": response, "skipped": skipped, "completed": True}
    step.result = "SKIP" if skipped else "PASS"
    uow.session.add(step)
    await uow.commit()
    return step
