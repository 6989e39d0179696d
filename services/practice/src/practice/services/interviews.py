"""Use cases of mock interviews: start, read, ask the next question, complete (answering
is in interview_answers)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from contracts.catalogue import CodingProblem, Question
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.domain.errors import InterviewNotFound, TooManyOpenInterviews
from practice.domain.interviews import (
    InterviewAction,
    InterviewStatus,
    QuestionKind,
    QuestionStatus,
    after,
    expires_at,
    is_past,
    persona_for,
    pick_coding_problem,
    pick_question,
    question_count,
    remaining_seconds,
)
from practice.domain.progress import as_utc
from practice.services.interview_completion import (
    clipped,
    emit,
    finish,
)
from practice.services.interview_ports import InterviewUnitOfWork
from servicekit.errors import InvalidState
from servicekit.outbox import utcnow

CHALLENGE_MINUTES = 20


@dataclass(frozen=True)
class InterviewSpec:
    mode: str
    job_type: str
    difficulty: str
    duration: int  # minutes
    language: str
    include_coding: bool
    topics: tuple[str, ...]


@dataclass(frozen=True)
class CodeAnswer:
    language: str
    code: str
    approach_explanation: str


@dataclass(frozen=True)
class InterviewRecord:
    interview: Interview
    questions: list[InterviewQuestion]
    challenge: CodingProblem | None


@dataclass(frozen=True)
class SessionBlock:
    current_index: int
    remaining_questions: int
    remaining_time: int  # seconds


@dataclass(frozen=True)
class Presented:
    row: InterviewQuestion
    item: Question | CodingProblem
    session: SessionBlock


@dataclass(frozen=True)
class NextAction:
    type: str  # intro, follow_up, next_question, complete
    message: str
    max_response_time: int | None = None


@dataclass(frozen=True)
class Answered:
    row: InterviewQuestion
    next_action: NextAction


async def start_interview(
    *, uow: InterviewUnitOfWork, user_id: str, spec: InterviewSpec, max_open: int
) -> Interview:
    """A pending interview with its plan, interviewer and, when asked for, a coding challenge."""
    if await uow.interviews.count_open(user_id) >= max_open:
        raise TooManyOpenInterviews(max_open)
    interview_id, now = str(uuid.uuid4()), utcnow()
    challenge = None
    if spec.include_coding:
        challenge = pick_coding_problem(
            await uow.bank.coding_problems(),
            interview_id=interview_id,
            topics=spec.topics,
            difficulty=spec.difficulty,
        )
    interview = Interview(
        id=interview_id,
        user_id=user_id,
        mode=spec.mode,
        job_type=spec.job_type,
        difficulty=spec.difficulty,
        duration=spec.duration,
        language=spec.language,
        include_coding=spec.include_coding,
        topics=list(spec.topics),
        current_difficulty=spec.difficulty,
        status=InterviewStatus.PENDING,
        question_count=question_count(spec.duration),
        interviewer=asdict(persona_for(interview_id)),
        coding_challenge_id=challenge.id if challenge else None,
        created_at=now,
        expires_at=expires_at(now, spec.duration),
    )
    uow.interviews.add(interview)
    await uow.commit()
    return interview


async def get_interview(
    *, uow: InterviewUnitOfWork, user_id: str, interview_id: str
) -> InterviewRecord:
    """The learner's interview with its questions; someone else's answers as not found."""
    interview = await owned(uow, user_id, interview_id)
    challenge = None
    if interview.coding_challenge_id:
        challenge = await uow.bank.coding_problem(interview.coding_challenge_id)
    return InterviewRecord(interview, await uow.interviews.questions(interview.id), challenge)


async def list_interviews(
    *,
    uow: InterviewUnitOfWork,
    user_id: str,
    mode: str | None,
    status: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[Interview], int]:
    """The learner's interviews, newest first."""
    return await uow.interviews.page(
        user_id=user_id,
        mode=mode,
        status=status,
        since=None if since is None else as_utc(since),  # a date without a zone is UTC
        limit=limit,
        offset=offset,
    )


async def next_question(
    *, uow: InterviewUnitOfWork, user_id: str, interview_id: str, now: datetime | None = None
) -> Presented:
    """Put the next question (an unanswered current one is skipped) and announce it."""
    moment = now or utcnow()
    interview = await in_time(uow, user_id, interview_id, InterviewAction.ASK, moment)
    asked = await uow.interviews.questions(interview.id)
    if len(asked) >= interview.question_count:
        raise InvalidState("Every question of this interview was asked: complete it")
    for row in asked:
        if row.status == QuestionStatus.PRESENTED:
            row.status = QuestionStatus.SKIPPED
    item = await _choose(uow, interview, asked)
    if item is None:
        raise InvalidState("The question bank has no question left for this interview")
    row = _put(interview, item, position=len(asked) + 1, now=moment)
    uow.interviews.add(row)
    if interview.status == InterviewStatus.PENDING:  # the clock starts with the first question
        interview.started_at, interview.expires_at = moment, expires_at(moment, interview.duration)
    interview.status = after(interview.status, InterviewAction.ASK)
    session = SessionBlock(
        row.position,
        interview.question_count - row.position,
        remaining_seconds(interview.expires_at, moment),
    )
    emit(uow, interview, "question_presented", _presented_data(row, interview))
    await uow.commit()
    return Presented(row, item, session)


async def _choose(
    uow: InterviewUnitOfWork, interview: Interview, asked: list[InterviewQuestion]
) -> Question | CodingProblem | None:
    """The coding challenge in the last slot, else the best bank question for this slot."""
    last_slot = len(asked) == interview.question_count - 1
    if interview.coding_challenge_id and last_slot:
        challenge = await uow.bank.coding_problem(interview.coding_challenge_id)
        if challenge is not None:
            return challenge
    return pick_question(
        await uow.bank.questions(),
        interview_id=interview.id,
        mode=interview.mode,
        slot=len(asked),
        topics=interview.topics,
        difficulty=interview.current_difficulty,
        asked={row.question_id for row in asked},
    )


def _put(
    interview: Interview, item: Question | CodingProblem, *, position: int, now: datetime
) -> InterviewQuestion:
    if isinstance(item, CodingProblem):
        kind, kind_type, category, text = (
            QuestionKind.CODING_CHALLENGE,
            "coding",
            item.category or item.pattern or "coding",
            item.description,
        )
        minutes = CHALLENGE_MINUTES
    else:
        kind, kind_type, category, text = QuestionKind.QUESTION, item.type, item.category, item.text
        minutes = item.time_limit_minutes
    return InterviewQuestion(
        id=str(uuid.uuid4()),
        interview_id=interview.id,
        position=position,
        question_id=item.id,
        kind=kind,
        type=kind_type,
        category=category,
        difficulty=item.difficulty,
        title=item.title,
        text=text,
        estimated_time=minutes,
        status=QuestionStatus.PRESENTED,
        presented_at=now,
    )


def _presented_data(row: InterviewQuestion, interview: Interview) -> dict[str, object]:
    return {
        "question": {
            "question_id": row.question_id,
            "kind": row.kind,
            "type": row.type,
            "title": row.title,
            "text": clipped(row.text),
            "estimated_time": row.estimated_time,
        },
        "session": {"current_index": row.position, "total_questions": interview.question_count},
    }


async def complete_interview(
    *, uow: InterviewUnitOfWork, user_id: str, interview_id: str, now: datetime | None = None
) -> Interview:
    """End the interview with its report; a completed one answers 409."""
    interview = await owned(uow, user_id, interview_id, lock=True)
    after(interview.status, InterviewAction.COMPLETE)
    await finish(uow, interview, now or utcnow())
    await uow.commit()
    return interview


async def owned(
    uow: InterviewUnitOfWork, user_id: str, interview_id: str, *, lock: bool = False
) -> Interview:
    interview = await uow.interviews.get_for_user(interview_id, user_id, lock=lock)
    if interview is None:
        raise InterviewNotFound(interview_id)
    return interview


async def in_time(
    uow: InterviewUnitOfWork,
    user_id: str,
    interview_id: str,
    action: InterviewAction,
    now: datetime,
) -> Interview:
    """The interview, locked, when `action` is allowed; one past its time is completed first."""
    interview = await owned(uow, user_id, interview_id, lock=True)
    after(interview.status, action)
    if is_past(interview.expires_at, now):
        await finish(uow, interview, now)
        await uow.commit()
        raise InvalidState("The interview's time is up: it was completed")
    return interview
