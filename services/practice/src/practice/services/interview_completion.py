"""Ending an interview: the report, the ledger, the platform's sweep of overdue ones, and the
coding challenge's verdict folded in when evaluation sends it."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from contracts.interview import InterviewEvent, InterviewEventType
from practice.db.interview_tables import Interview, InterviewQuestion
from practice.db.progress_tables import Activity
from practice.db.tables import Submission
from practice.domain.interview_report import Outcome, Report, build_report, dimensions
from practice.domain.interview_scoring import Scores, sentiment_of
from practice.domain.interviews import OPEN, InterviewStatus, QuestionStatus
from practice.domain.submissions import SubmissionStatus
from practice.services.interview_ports import InterviewUnitOfWork
from servicekit.outbox import utcnow

# Characters of one text in an event: even escaped at 12 bytes a character (an emoji as ASCII
# JSON), an event's texts stay below its 64 KiB bound. The HTTP answers carry them whole.
MAX_TEXT_IN_EVENT = 2000
SWEEP_BATCH = 50


def emit(
    uow: InterviewUnitOfWork, interview: Interview, kind: InterviewEventType, data: dict[str, Any]
) -> None:
    """Raise the interview's next event (sequence from 1) in the caller's transaction."""
    interview.last_sequence += 1
    uow.raise_event(
        InterviewEvent(
            interview_id=interview.id,
            user_id=interview.user_id,
            type=kind,
            data=data,
            sequence=interview.last_sequence,
        )
    )


def clipped(text: str | None) -> str | None:
    return None if text is None else text[:MAX_TEXT_IN_EVENT]


def scores_of(row: InterviewQuestion) -> Scores | None:
    return Scores(**row.scores) if row.scores is not None else None


def _outcome(row: InterviewQuestion) -> Outcome:
    evaluation = row.evaluation or {}
    total = int(evaluation.get("tests_total") or 0)
    tests = (int(evaluation.get("tests_passed") or 0), total) if total else None
    return Outcome(row.question_id, row.title, row.category, row.type, scores_of(row), tests)


def interview_activity(interview: Interview) -> Activity:
    """A completed interview counts as a day's work in the progress ledger (score 0-10)."""
    score = interview.overall_score
    return Activity(
        id=f"interview:{interview.id}",
        user_id=interview.user_id,
        kind="interview",
        item_id=interview.id,
        category=interview.mode,
        completed=True,
        score=None if score is None else round(score / 10, 2),
        occurred_at=interview.completed_at or utcnow(),
    )


def report_body(report: Report) -> dict[str, Any]:
    body = asdict(report)
    body.update(body.pop("dimensions"))
    return {"feedback_id": str(uuid.uuid4()), **body, "generated_at": utcnow().isoformat()}


async def finish(uow: InterviewUnitOfWork, interview: Interview, now: datetime) -> None:
    """Close the interview with its report, record it in the ledger, announce it; no commit."""
    questions = await uow.interviews.questions(interview.id)
    for row in questions:
        if row.status == QuestionStatus.PRESENTED:
            row.status = QuestionStatus.SKIPPED
    outcomes = [_outcome(row) for row in questions]
    measured = dimensions(outcomes)
    report = build_report(
        outcomes,
        measured,
        candidates=await uow.bank.candidates(),
        standing=await uow.interviews.standing(measured.overall_score, interview.id),
    )
    interview.status, interview.completed_at = InterviewStatus.COMPLETED, now
    interview.overall_score, interview.report = measured.overall_score, report_body(report)
    await uow.record_activity(interview_activity(interview))
    emit(
        uow,
        interview,
        "session_completed",
        {
            "session": {"interview_id": interview.id, "overall_score": measured.overall_score},
            "feedback": {
                "feedback_id": interview.report["feedback_id"],
                "percentile_rank": report.percentile_rank,
            },
        },
    )


async def complete_overdue(*, uow: InterviewUnitOfWork, now: datetime | None = None) -> int:
    """Complete open interviews whose time ran out (the platform's sweep); how many."""
    moment = now or utcnow()
    done = 0
    for interview_id in await uow.interviews.expired(moment, SWEEP_BATCH):
        interview = await uow.interviews.get(interview_id, lock=True)
        if interview is not None and interview.status in OPEN and interview.expires_at <= moment:
            await finish(uow, interview, moment)
            done += 1
    await uow.commit()
    return done


async def fold_code_verdict(*, uow: InterviewUnitOfWork, submission: Submission) -> None:
    """Put evaluation's verdict on the coding challenge's answer and announce it; no commit."""
    row = await uow.interviews.question_by_submission(submission.id)
    interview = await uow.interviews.get(row.interview_id, lock=True) if row else None
    if row is None or interview is None:
        return
    summary = submission.summary or {}
    passed, total = int(summary.get("tests_passed", 0)), int(summary.get("tests_total", 0))
    row.evaluation = {
        "submission_id": submission.id,
        "status": submission.status,
        "verdict": submission.verdict,
        "tests_passed": passed,
        "tests_total": total,
    }
    scores = scores_of(row)
    if scores is not None and submission.status == SubmissionStatus.SUCCEEDED and total:
        scores = Scores(scores.completeness, round(100 * passed / total), scores.communication)
        row.scores = asdict(scores)
    overall = scores.overall if scores else 0.0
    reply = {"content": f"Your code ran: {passed} of {total} tests passed."}
    reply["sentiment"] = sentiment_of(overall)
    emit(uow, interview, "answer_evaluated", evaluated_data(row, reply, source="practice"))


def evaluated_data(
    row: InterviewQuestion, reply: dict[str, Any], *, source: str | None = None
) -> dict[str, Any]:
    """An answer_evaluated event's data: the answer's scores and what the interviewer said."""
    return {
        "answer": {
            "answer_id": row.answer_id,
            "question_id": row.question_id,
            "scores": row.scores,
            "evaluation": row.evaluation,
        },
        "ai_response": {
            "content": clipped(reply.get("content")),
            "sentiment": reply.get("sentiment"),
            "follow_up": reply.get("follow_up", False),
            "follow_up_question": clipped(reply.get("follow_up_question")),
            "interviewer_source": source or row.interviewer_source,
        },
    }
