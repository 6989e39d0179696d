"""Use cases of pattern discovery: start a dialogue, answer its questions, or abandon it."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from practice.db.repositories import AttemptSteps
from practice.db.tables import Attempt, AttemptStep
from practice.domain import discovery
from practice.domain.attempts import AttemptAction, after
from practice.domain.errors import AlreadyCompleted, StepNotFound
from practice.services.attempts import coding_problem, get_attempt
from servicekit.db import UnitOfWork
from servicekit.errors import ValidationFailed
from servicekit.outbox import utcnow

PATTERN_DISCOVERY = "PATTERN_DISCOVERY"
OPEN = "PENDING"
Mode = Literal["HEURISTIC", "SOCRATIC"]


def _phrased(question: discovery.Question, mode: str, title: str) -> str:
    if mode == "SOCRATIC":
        return f"Think about “{title}”. {question.text} What in the statement tells you?"
    return question.text


async def start(*, uow: UnitOfWork, user_id: str, attempt_id: str, mode: Mode) -> AttemptStep:
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.DISCOVER_PATTERN)
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    candidates = discovery.start()
    question = discovery.next_question(candidates, [], problem.pattern)
    assert question is not None  # thirteen patterns always split
    data: dict[str, Any] = {
        "mode": mode,
        "title": problem.title,
        "candidates": candidates,
        "question_id": question.id,
        "question": _phrased(question, mode, problem.title),
        "qa_log": [],
        "discovered_pattern": None,
    }
    step = AttemptStep(
        id=str(uuid.uuid4()), attempt_id=attempt.id, type=PATTERN_DISCOVERY, result=OPEN, data=data
    )
    AttemptSteps(uow.session).add(step)
    await uow.commit()
    return step


async def _open_step(
    uow: UnitOfWork, user_id: str, attempt_id: str, step_id: str
) -> tuple[Attempt, AttemptStep]:
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.DISCOVER_PATTERN)
    step = await AttemptSteps(uow.session).get(step_id)
    if step is None or step.attempt_id != attempt.id or step.type != PATTERN_DISCOVERY:
        raise StepNotFound(step_id)
    if step.result != OPEN:
        raise AlreadyCompleted("This pattern discovery is over")
    return attempt, step


async def answer(
    *,
    uow: UnitOfWork,
    user_id: str,
    attempt_id: str,
    step_id: str,
    question_id: str,
    text: str,
) -> AttemptStep:
    """Narrow the patterns by the answer; the step completes when one is left."""
    attempt, step = await _open_step(uow, user_id, attempt_id, step_id)
    data = dict(step.data)
    if question_id != data["question_id"]:
        raise ValidationFailed(f"The open question is {data['question_id']!r}")
    said = discovery.parse_answer(text)
    log = [*data["qa_log"]]
    entry = {"question_id": question_id, "question": data["question"], "answer": text}
    log.append({**entry, "timestamp": utcnow().isoformat()})
    if said is None:
        if data["mode"] == "HEURISTIC":
            raise ValidationFailed("Answer yes or no")
        data["question"] = "Is that a yes or a no? " + data["question"]
    else:
        candidates = discovery.narrowed(data["candidates"], discovery.BY_ID[question_id], said)
        asked = [e["question_id"] for e in log]
        problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
        question = discovery.next_question(candidates, asked, problem.pattern)
        data["candidates"] = candidates
        if question is None or len(candidates) == 1:
            data["discovered_pattern"] = candidates[0] if len(candidates) == 1 else None
            data["question_id"] = data["question"] = None
            step.result = "PASS"
        else:
            data["question_id"] = question.id
            data["question"] = _phrased(question, data["mode"], data["title"])
    data["qa_log"] = log
    step.data = data
    uow.session.add(step)
    await uow.commit()
    return step


async def abandon(*, uow: UnitOfWork, user_id: str, attempt_id: str, step_id: str) -> None:
    _, step = await _open_step(uow, user_id, attempt_id, step_id)
    step.result = "SKIP"
    uow.session.add(step)
    await uow.commit()
