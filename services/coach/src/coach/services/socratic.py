"""Socratic turns on an attempt (seed 001): the coach asks, the learner answers."""

from __future__ import annotations

from dataclasses import dataclass

from coach.db.tables import SocraticTurn
from coach.domain.errors import AttemptNotFound
from coach.domain.evidence import evidence_from_record
from coach.domain.socratic import socratic_questions
from coach.services.ports import CoachUnitOfWork
from servicekit.auth import Principal

CLOSING_QUESTION = (
    "What would you change first, and which test would show you that the change worked?"
)


@dataclass(frozen=True)
class Dialogue:
    attempt_id: str
    turns: list[SocraticTurn]
    next_question: str


async def socratic_dialogue(*, uow: CoachUnitOfWork, user: Principal, attempt_id: str) -> Dialogue:
    """The turns so far and the question the coach asks next."""
    questions = await _questions(uow, user, attempt_id)
    turns = await uow.feedback.turns(attempt_id)
    return Dialogue(attempt_id, turns, _next(questions, turns))


async def answer_socratic(
    *, uow: CoachUnitOfWork, user: Principal, attempt_id: str, answer: str
) -> Dialogue:
    """Record the question answered and the learner's answer; the coach asks the next one."""
    questions = await _questions(uow, user, attempt_id)
    turns = await uow.feedback.turns(attempt_id)
    for role, content in (("coach", _next(questions, turns)), ("learner", answer)):
        turn = SocraticTurn(attempt_id=attempt_id, user_id=user.user_id, role=role, content=content)
        uow.feedback.add_turn(turn)
        turns.append(turn)
    await uow.commit()
    return Dialogue(attempt_id, turns, _next(questions, turns))


async def _questions(uow: CoachUnitOfWork, user: Principal, attempt_id: str) -> list[str]:
    # The owner only: the latest evaluated submission of the attempt grounds the questions.
    rows = await uow.feedback.find(attempt_id=attempt_id, submission_id=None, response_id=None)
    if not rows or rows[0].user_id != user.user_id:
        raise AttemptNotFound(attempt_id)
    return socratic_questions(evidence_from_record(rows[0].evidence))


def _next(questions: list[str], turns: list[SocraticTurn]) -> str:
    asked = sum(1 for t in turns if t.role == "coach")
    return questions[asked] if asked < len(questions) else CLOSING_QUESTION
