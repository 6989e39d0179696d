"""Use cases of the pattern challenge: check a choice, then keep or change it, or skip."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from contracts.catalogue.vocabulary import Pattern
from practice.db.repositories import AttemptSteps
from practice.db.tables import Attempt, AttemptStep
from practice.domain.attempts import AttemptAction, after
from practice.domain.challenge import Challenge, challenge_passed, check_choice
from practice.domain.errors import AlreadyCompleted, StepNotFound
from practice.domain.gate import GateAnswer
from practice.services.attempts import coding_problem, get_attempt
from servicekit.db import UnitOfWork

PATTERN_CHALLENGE = "PATTERN_CHALLENGE"
OPEN = "PENDING"


async def check(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, answer: GateAnswer
) -> tuple[Challenge, AttemptStep | None]:
    """Whether to challenge the choice; a challenge is kept as a step to respond to."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.CHALLENGE_PATTERN)
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    challenge = check_choice(problem, answer)
    if not challenge.should_challenge:
        return challenge, None
    data = {**asdict(challenge), "selected_pattern": answer.selected_pattern}
    step = AttemptStep(
        id=str(uuid.uuid4()), attempt_id=attempt.id, type=PATTERN_CHALLENGE, result=OPEN, data=data
    )
    AttemptSteps(uow.session).add(step)
    await uow.commit()
    return challenge, step


async def respond(
    *,
    uow: UnitOfWork,
    user_id: str,
    attempt_id: str,
    step_id: str,
    response: str | None,
    new_pattern: Pattern | None,
) -> tuple[Attempt, AttemptStep]:
    """Keep the pattern (`new_pattern` None) or change it; skip when `response` is None too."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.CHALLENGE_PATTERN)
    step = await AttemptSteps(uow.session).get(step_id)
    if step is None or step.attempt_id != attempt.id or step.type != PATTERN_CHALLENGE:
        raise StepNotFound(step_id)
    if step.result != OPEN:
        raise AlreadyCompleted("This challenge has been answered")
    if response is None:
        step.result, decision = "SKIP", "SKIP"
    else:
        problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
        final: Pattern = new_pattern or step.data["selected_pattern"]
        step.result = "PASS" if challenge_passed(problem, final) else "FAIL"
        decision = "CHANGE_PATTERN" if new_pattern else "KEEP_PATTERN"
    step.data = {
        **step.data,
        "response": response,
        "decision": decision,
        "new_pattern": new_pattern,
    }
    uow.session.add(step)
    await uow.commit()
    return attempt, step
