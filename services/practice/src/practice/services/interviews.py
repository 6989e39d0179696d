"""Use cases of mock interviews: start, read, ask the next question, answer, complete."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from contracts.catalogue import CodingProblem, Question
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.domain.errors import InterviewNotFound, TooManyOpenInterviews
from practice.domain.interview_scoring import Reference, judge, reply_to
from practice.domain.interviews import (
    InterviewAction,
    InterviewStatus,
    QuestionKind,
    QuestionStatus,
    adapted_difficulty,
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
    evaluated_data,
    finish,
    scores_of,
)
from practice.services.interview_ports import InterviewerVoice, InterviewTurn, InterviewUnitOfWork
from practice.services.interview_voice import ask_voice, speak, stored_reply, turn_for
from servicekit.errors import InvalidState, ValidationFailed
from servicekit.outbox import utcnow

RECENT_ANSWERS = 2  # how many of the last answers the difficulty adapts to
CHALLENGE_MINUTES = 20
FOLLOW_UP_SECONDS = 120


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
    interview = await _owned(uow, user_id, interview_id)
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
    interview = await _in_time(uow, user_id, interview_id, InterviewAction.ASK, moment)
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


async def answer_question(
    *,
    uow: InterviewUnitOfWork,
    voice: InterviewerVoice,
    token: str,
    user_id: str,
    interview_id: str,
    question_id: str,
    answer_text: str,
    response_time: int,
    code: CodeAnswer | None = None,
    now: datetime | None = None,
) -> Answered:
    """Score the answer and keep it, let the coach reply (practice's reply when it cannot)."""
    row, turn = await _keep_answer(
        uow, user_id, interview_id, question_id, answer_text, response_time, code, now
    )
    voiced = await ask_voice(voice, turn, token=token)  # no transaction is open meanwhile
    interview = await _owned(uow, user_id, interview_id, lock=True)
    row = await uow.interviews.question(row.id) or row
    speak(row, voiced)
    emit(uow, interview, "answer_evaluated", evaluated_data(row, row.reply or {}))
    await uow.commit()
    return Answered(row, _next_action(interview, row))


async def _keep_answer(
    uow: InterviewUnitOfWork,
    user_id: str,
    interview_id: str,
    question_id: str,
    answer_text: str,
    response_time: int,
    code: CodeAnswer | None,
    now: datetime | None,
) -> tuple[InterviewQuestion, InterviewTurn]:
    """Store the scored answer with practice's reply, announce the typing, commit."""
    moment = now or utcnow()
    interview = await _in_time(uow, user_id, interview_id, InterviewAction.ANSWER, moment)
    asked = await uow.interviews.questions(interview.id)
    row = _current(asked, question_id)
    if code is not None and row.kind != QuestionKind.CODING_CHALLENGE:
        raise ValidationFailed("code_submission answers the interview's coding challenge only")
    question, (reference, hints, follow_ups) = await _reference(uow, row)
    earlier = [q.answer_text for q in asked if q.answer_text and q is not row]
    spoken = answer_text if code is None else f"{answer_text}\n{code.approach_explanation}"
    judgement = judge(reference, spoken, earlier)
    reply = reply_to(judgement, hints=hints, follow_ups=follow_ups, position=row.position)
    row.status, row.answer_id, row.answered_at = QuestionStatus.ANSWERED, str(uuid.uuid4()), moment
    row.answer_text, row.response_time = answer_text, response_time
    row.scores = asdict(judgement.scores)
    row.reply = stored_reply(reply, response_id=str(uuid.uuid4()))
    row.interviewer_source = "practice"
    if code is not None:
        await _send_code(uow, interview, row, code)
    recent = [s.overall for q in asked if (s := scores_of(q)) is not None][-RECENT_ANSWERS:]
    interview.current_difficulty = adapted_difficulty(interview.current_difficulty, recent)
    emit(uow, interview, "typing_indicator", {"is_typing": True, "user_id": "ai_interviewer"})
    turn = turn_for(interview, row, question, judgement, spoken)
    await uow.commit()  # before the coach is asked: its wait never holds a transaction
    return row, turn


def _current(asked: list[InterviewQuestion], question_id: str) -> InterviewQuestion:
    """The question being answered: the one put last, and only while it waits for an answer."""
    row = asked[-1] if asked else None
    if row is None or row.question_id != question_id:
        if any(q.question_id == question_id for q in asked):
            raise InvalidState(f"Question {question_id!r} is no longer the current question")
        raise ValidationFailed(f"Question {question_id!r} was not asked in this interview")
    if row.status != QuestionStatus.PRESENTED:
        raise InvalidState(f"Question {question_id!r} is already {row.status}")
    return row


async def _reference(
    uow: InterviewUnitOfWork, row: InterviewQuestion
) -> tuple[Question | None, tuple[Reference, tuple[str, ...], tuple[str, ...]]]:
    """The bank's question, what the answer is judged against, the hints and follow-ups."""
    question = await uow.bank.question(row.question_id)
    if row.kind == QuestionKind.QUESTION and question is not None:
        subject = " ".join([question.title, question.text, *question.topics, *question.hints])
        reference = Reference(question.expected_concepts, subject, question.text)
        return question, (reference, tuple(question.hints), tuple(question.follow_ups))
    subject = f"{row.title} {row.category} {row.text}"
    return None, (Reference((), subject, row.text), (), ())


async def _send_code(
    uow: InterviewUnitOfWork, interview: Interview, row: InterviewQuestion, code: CodeAnswer
) -> None:
    problem = await uow.bank.coding_problem(row.question_id)
    if problem is None:
        raise InvalidState("The coding challenge is no longer in the catalogue")
    row.code_submission = asdict(code)
    row.submission_id = uow.request_code_evaluation(
        interview=interview, problem=problem, language=code.language, code=code.code
    )
    row.evaluation = {"submission_id": row.submission_id, "status": "queued"}


def _next_action(interview: Interview, row: InterviewQuestion) -> NextAction:
    follow_up = (row.reply or {}).get("follow_up_question")
    if follow_up:
        return NextAction("follow_up", str(follow_up), FOLLOW_UP_SECONDS)
    if row.position < interview.question_count:
        return NextAction("next_question", "When you are ready, ask for the next question.")
    return NextAction("complete", "That was the last question: complete the interview.")


async def complete_interview(
    *, uow: InterviewUnitOfWork, user_id: str, interview_id: str, now: datetime | None = None
) -> Interview:
    """End the interview with its report; a completed one answers 409."""
    interview = await _owned(uow, user_id, interview_id, lock=True)
    after(interview.status, InterviewAction.COMPLETE)
    await finish(uow, interview, now or utcnow())
    await uow.commit()
    return interview


async def _owned(
    uow: InterviewUnitOfWork, user_id: str, interview_id: str, *, lock: bool = False
) -> Interview:
    interview = await uow.interviews.get_for_user(interview_id, user_id, lock=lock)
    if interview is None:
        raise InterviewNotFound(interview_id)
    return interview


async def _in_time(
    uow: InterviewUnitOfWork,
    user_id: str,
    interview_id: str,
    action: InterviewAction,
    now: datetime,
) -> Interview:
    """The interview, locked, when `action` is allowed; one past its time is completed first."""
    interview = await _owned(uow, user_id, interview_id, lock=True)
    after(interview.status, action)
    if is_past(interview.expires_at, now):
        await finish(uow, interview, now)
        await uow.commit()
        raise InvalidState("The interview's time is up: it was completed")
    return interview
