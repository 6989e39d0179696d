"""`/api/v1/interviews`: mock interviews, scored answer by answer, with a report at the end."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from practice.api.deps import (
    AccessToken,
    Interviewer,
    InterviewUow,
    PracticeSettings,
    ensure_within,
)
from practice.api.schemas import page_of
from practice.api.schemas.interviews import (
    AnswerEvaluated,
    AnswerIn,
    FeedbackOut,
    InterviewCompleted,
    InterviewDetail,
    InterviewOut,
    InterviewStarted,
    NextActionOut,
    NextQuestion,
    StartInterview,
    Transcript,
    transcript_markdown,
)
from practice.domain.interviews import InterviewMode, InterviewStatus, intro
from practice.services import interview_answers, interviews
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/interviews", tags=["interviews"])
INTRO_MINUTES = 2


@router.post("", status_code=status.HTTP_201_CREATED, response_model=InterviewStarted)
async def start_interview(
    body: StartInterview, uow: InterviewUow, user: CurrentUser, settings: PracticeSettings
) -> InterviewStarted:
    interview = await interviews.start_interview(
        uow=uow, user_id=user.user_id, spec=body.spec(), max_open=settings.max_open_interviews
    )
    out = InterviewOut.of(interview)
    message = intro(out.interviewer.name, out.job_type, out.question_count, out.duration)
    return InterviewStarted(
        interview=out,
        next_action=NextActionOut(type="intro", message=message, estimated_time=INTRO_MINUTES),
    )


@router.get("", response_model=Page[InterviewOut])
async def list_interviews(
    uow: InterviewUow,
    user: CurrentUser,
    paging: Paging,
    mode: InterviewMode | None = None,
    status_is: Annotated[InterviewStatus | None, Query(alias="status")] = None,
    start_date: Annotated[datetime | None, Query(description="created at or after")] = None,
) -> Page[InterviewOut]:
    items, total = await interviews.list_interviews(
        uow=uow,
        user_id=user.user_id,
        mode=mode,
        status=status_is,
        since=start_date,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(items, total, paging, InterviewOut.of)


@router.get("/{interview_id}", response_model=InterviewDetail)
async def get_interview(interview_id: str, uow: InterviewUow, user: CurrentUser) -> InterviewDetail:
    record = await interviews.get_interview(
        uow=uow, user_id=user.user_id, interview_id=interview_id
    )
    return InterviewDetail.of_record(record)


@router.post("/{interview_id}/questions/next", response_model=NextQuestion)
async def next_question(interview_id: str, uow: InterviewUow, user: CurrentUser) -> NextQuestion:
    shown = await interviews.next_question(uow=uow, user_id=user.user_id, interview_id=interview_id)
    return NextQuestion.of(shown)


@router.post("/{interview_id}/answers", response_model=AnswerEvaluated)
async def answer(
    interview_id: str,
    body: AnswerIn,
    uow: InterviewUow,
    user: CurrentUser,
    settings: PracticeSettings,
    voice: Interviewer,
    token: AccessToken,
) -> AnswerEvaluated:
    ensure_within(
        len(body.answer_text.encode()), settings.max_interview_answer_bytes, "answer_text"
    )
    if body.code_submission is not None:
        ensure_within(len(body.code_submission.code.encode()), settings.max_code_bytes, "The code")
    answered = await interview_answers.answer_question(
        uow=uow,
        voice=voice,
        token=token,
        user_id=user.user_id,
        interview_id=interview_id,
        question_id=body.question_id,
        answer_text=body.answer_text,
        response_time=body.response_time,
        code=body.code_submission.answer() if body.code_submission else None,
    )
    return AnswerEvaluated.of(answered)


@router.post("/{interview_id}/complete", response_model=InterviewCompleted)
async def complete(interview_id: str, uow: InterviewUow, user: CurrentUser) -> InterviewCompleted:
    interview = await interviews.complete_interview(
        uow=uow, user_id=user.user_id, interview_id=interview_id
    )
    return InterviewCompleted(
        interview=InterviewOut.of(interview),
        feedback=FeedbackOut.model_validate(interview.report),
        transcript=Transcript(download_url=f"{router.prefix}/{interview.id}/transcript"),
    )


@router.get(
    "/{interview_id}/transcript",
    response_model=InterviewDetail,
    responses={200: {"content": {"text/markdown": {}}}},
)
async def transcript(
    interview_id: str,
    uow: InterviewUow,
    user: CurrentUser,
    format: Literal["markdown", "json"] = "markdown",
) -> Response:
    record = await interviews.get_interview(
        uow=uow, user_id=user.user_id, interview_id=interview_id
    )
    detail = InterviewDetail.of_record(record)
    disposition = {"Content-Disposition": f'attachment; filename="interview-{interview_id}'}
    if format == "json":
        disposition["Content-Disposition"] += '.json"'
        body = detail.model_dump_json()
        return Response(body, media_type="application/json", headers=disposition)
    disposition["Content-Disposition"] += '.md"'
    return Response(
        transcript_markdown(detail), media_type="text/markdown; charset=utf-8", headers=disposition
    )
