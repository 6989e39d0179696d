"""`/api/v1/chat`: the tutor (seed 003), one session per conversation within a subject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from coach.api.deps import ActiveProvider, CoachSettings, Uow
from coach.api.schemas import ChatIn, ChatOut, MessageOut, SessionDetail, SessionOut
from coach.services import tutor
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])


@router.post("", response_model=ChatOut)
async def send_message(
    body: ChatIn, uow: Uow, provider: ActiveProvider, settings: CoachSettings, user: CurrentUser
) -> ChatOut:
    reply = await tutor.send_message(
        uow=uow,
        provider=provider,
        user=user,
        subject_id=body.subject_id,
        message=body.message,
        session_id=body.session_id,
        limits=tutor.ChatLimits(
            messages_per_minute=settings.chat_messages_per_minute,
            passages_per_answer=settings.passages_per_answer,
        ),
    )
    return ChatOut(
        session_id=reply.session.id,
        subject_id=reply.session.subject_id,
        response=reply.message.content,
        message=MessageOut.of(reply.message),
    )


@router.get("/sessions", response_model=Page[SessionOut])
async def list_sessions(
    uow: Uow,
    user: CurrentUser,
    paging: Paging,
    subject_id: Annotated[str | None, Query(max_length=120)] = None,
) -> Page[SessionOut]:
    sessions, total = await tutor.list_sessions(
        uow=uow, user=user, subject_id=subject_id, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[SessionOut.of(s) for s in sessions],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/sessions/{session_id}", response_model=SessionDetail)
async def get_session(session_id: str, uow: Uow, user: CurrentUser) -> SessionDetail:
    session, messages = await tutor.session_with_messages(uow=uow, user=user, session_id=session_id)
    return SessionDetail(
        **SessionOut.of(session).model_dump(),
        user_id=session.user_id,
        messages=[MessageOut.of(m) for m in messages],
    )


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_session(session_id: str, uow: Uow, user: CurrentUser) -> Response:
    await tutor.delete_session(uow=uow, user=user, session_id=session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
