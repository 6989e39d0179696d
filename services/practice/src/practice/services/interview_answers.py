"""Answering an interview question: practice scores it, the coach says the reply.

Two transactions around the coach's call: the scored answer, practice's own reply and the
typing indicator commit first, so nothing waits on the coach with a transaction open and the
answer is whole if the coach never answers; the second puts the coach's words in place.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime, timedelta

from contracts.catalogue import Question
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.domain.interview_scoring import Reference, judge, reply_to
from practice.domain.interviews import (
    InterviewAction,
    QuestionKind,
    QuestionStatus,
    adapted_difficulty,
)
from practice.services.interview_completion import SWEEP_BATCH, emit, evaluated_data, scores_of
from practice.services.interview_ports import InterviewerVoice, InterviewTurn, InterviewUnitOfWork
from practice.services.interview_voice import ask_voice, speak, stored_reply, turn_for
from practice.services.interviews import (
    Answered,
    CodeAnswer,
    NextAction,
    in_time,
    owned,
)
from servicekit.errors import InvalidState, ValidationFailed
from servicekit.outbox import utcnow

RECENT_ANSWERS = 2  # how many of the last answers the difficulty adapts to
FOLLOW_UP_SECONDS = 120


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
        uow,
        user_id=user_id,
        interview_id=interview_id,
        question_id=question_id,
        answer_text=answer_text,
        response_time=response_time,
        code=code,
        now=now,
    )
    voiced = await ask_voice(voice, turn, token=token)  # no transaction is open meanwhile
    interview = await owned(uow, user_id, interview_id, lock=True)
    row = await uow.interviews.question(row.id) or row
    speak(row, voiced)
    if row.evaluated_at is None:  # else the sweeper announced it while the coach was slow
        announce(uow, interview, row)
    await uow.commit()
    return Answered(row, _next_action(interview, row))


def announce(uow: InterviewUnitOfWork, interview: Interview, row: InterviewQuestion) -> None:
    """Send the answer's answer_evaluated (no commit), once."""
    emit(uow, interview, "answer_evaluated", evaluated_data(row, row.reply or {}))
    row.evaluated_at = utcnow()


async def announce_unevaluated(
    *, uow: InterviewUnitOfWork, older_than: timedelta, now: datetime | None = None
) -> int:
    """Send answer_evaluated for answers kept by a process that died before it spoke; how many.

    `older_than` is well past the coach's deadline, so a live answer is never announced twice.
    """
    moment = now or utcnow()
    done = 0
    for row_id in await uow.interviews.unannounced(moment - older_than, SWEEP_BATCH):
        row = await uow.interviews.question(row_id)
        interview = await uow.interviews.get(row.interview_id, lock=True) if row else None
        row = await uow.interviews.question(row_id)  # re-read under the interview's lock
        if row is not None and interview is not None and row.evaluated_at is None:
            announce(uow, interview, row)
            done += 1
    await uow.commit()
    return done


async def _keep_answer(
    uow: InterviewUnitOfWork,
    *,
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
    interview = await in_time(uow, user_id, interview_id, InterviewAction.ANSWER, moment)
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
