"""`/api/v1/design-sessions`: system-design practice, autosaved, scored on submit."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from contracts.catalogue import SystemDesignProblem
from contracts.catalogue.items import PublicSystemDesignProblem
from practice.api.deps import (
    AccessToken,
    Coach,
    PracticeSettings,
    Uow,
    Wait,
    WaitSeconds,
    ensure_within,
)
from practice.api.schemas import page_of
from practice.api.schemas.design_sessions import (
    Autosave,
    Autosaved,
    ChatExchangeOut,
    ChatIn,
    ChatMessageOut,
    DesignSessionOut,
    Pause,
    SessionEnvelope,
    SessionSubmitted,
    SessionWithProblem,
    StartSession,
    SubmitSession,
)
from practice.api.schemas.submissions import SubmissionOut
from practice.config import Settings
from practice.db.tables import DesignSession
from practice.domain.catalog import learner_view
from practice.domain.design import SessionAction, SessionStatus
from practice.services import design_chat, design_sessions
from servicekit.auth import CurrentUser
from servicekit.db import UnitOfWork
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/design-sessions", tags=["design-sessions"])


@router.post("", response_model=SessionWithProblem)
async def start_session(
    body: StartSession,
    uow: Uow,
    user: CurrentUser,
    response: Response,
    settings: PracticeSettings,
) -> SessionWithProblem:
    session, problem, resumed = await design_sessions.start_session(
        uow=uow,
        user_id=user.user_id,
        problem_id=body.problem_id,
        max_open=settings.max_open_design_sessions,
    )
    response.status_code = status.HTTP_200_OK if resumed else status.HTTP_201_CREATED
    return await _with_chat(uow, settings, session, problem, resumed=resumed)


@router.get("", response_model=Page[DesignSessionOut])
async def list_sessions(
    uow: Uow,
    user: CurrentUser,
    paging: Paging,
    problem_id: str | None = None,
    status_is: Annotated[SessionStatus | None, Query(alias="status")] = None,
) -> Page[DesignSessionOut]:
    items, total = await design_sessions.list_sessions(
        uow=uow,
        user_id=user.user_id,
        problem_id=problem_id,
        status=status_is,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(items, total, paging, DesignSessionOut.of)


@router.get("/{session_id}", response_model=SessionWithProblem)
async def get_session(
    session_id: str, uow: Uow, user: CurrentUser, settings: PracticeSettings
) -> SessionWithProblem:
    session = await design_sessions.get_session(
        uow=uow, user_id=user.user_id, session_id=session_id
    )
    problem = await design_sessions.design_problem(uow=uow, problem_id=session.problem_id)
    return await _with_chat(uow, settings, session, problem)


@router.post("/{session_id}/chat", response_model=ChatExchangeOut)
async def chat(
    session_id: str,
    body: ChatIn,
    uow: Uow,
    user: CurrentUser,
    token: AccessToken,
    coach: Coach,
    settings: PracticeSettings,
) -> ChatExchangeOut:
    ensure_within(body.size(), settings.max_chat_message_bytes, "A chat message")
    exchange = await design_chat.ask_coach(
        uow=uow,
        coach=coach,
        token=token,
        user_id=user.user_id,
        session_id=session_id,
        content=body.content,
        limits=design_chat.ChatLimits(
            max_messages=settings.max_chat_messages, history_turns=settings.chat_history_turns
        ),
    )
    return ChatExchangeOut(
        session=DesignSessionOut.of(exchange.session),
        message=ChatMessageOut.of(exchange.message),
        reply=ChatMessageOut.of(exchange.reply),
    )


@router.get("/{session_id}/chat", response_model=Page[ChatMessageOut])
async def chat_messages(
    session_id: str, uow: Uow, user: CurrentUser, paging: Paging
) -> Page[ChatMessageOut]:
    messages, total = await design_chat.chat_page(
        uow=uow,
        user_id=user.user_id,
        session_id=session_id,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(messages, total, paging, ChatMessageOut.of)


@router.put("/{session_id}/autosave", response_model=Autosaved)
async def autosave(
    session_id: str, body: Autosave, uow: Uow, user: CurrentUser, settings: PracticeSettings
) -> Autosaved:
    ensure_within(body.diagram_size(), settings.max_diagram_bytes, "The diagram")
    session, saved = await design_sessions.autosave(
        uow=uow,
        user_id=user.user_id,
        session_id=session_id,
        diagram_data=body.diagram_data,
        time_spent=body.time_spent,
        description=body.description,
    )
    return Autosaved(session=DesignSessionOut.of(session), saved=saved)


@router.put("/{session_id}/pause", response_model=SessionEnvelope)
async def pause(
    session_id: str, uow: Uow, user: CurrentUser, body: Pause | None = None
) -> SessionEnvelope:
    session = await design_sessions.change_status(
        uow=uow,
        user_id=user.user_id,
        session_id=session_id,
        action=SessionAction.PAUSE,
        time_spent=body.time_spent if body else None,
    )
    return SessionEnvelope(session=DesignSessionOut.of(session))


@router.put("/{session_id}/resume", response_model=SessionEnvelope)
async def resume(session_id: str, uow: Uow, user: CurrentUser) -> SessionEnvelope:
    session = await design_sessions.change_status(
        uow=uow, user_id=user.user_id, session_id=session_id, action=SessionAction.RESUME
    )
    return SessionEnvelope(session=DesignSessionOut.of(session))


@router.post(
    "/{session_id}/submit", status_code=status.HTTP_202_ACCEPTED, response_model=SessionSubmitted
)
async def submit(
    session_id: str,
    uow: Uow,
    user: CurrentUser,
    hold: Wait,
    response: Response,
    body: SubmitSession | None = None,
    wait: WaitSeconds = 0,
) -> SessionSubmitted:
    sent = await design_sessions.submit_session(
        uow=uow,
        user_id=user.user_id,
        session_id=session_id,
        description=body.description if body else None,
    )
    reload = partial(design_sessions.get_session, user_id=user.user_id, session_id=session_id)
    session, submission = await hold.settle(sent, wait, reload, response)
    return SessionSubmitted(
        session=DesignSessionOut.of(session), submission=SubmissionOut.of(submission)
    )


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def abandon(session_id: str, uow: Uow, user: CurrentUser) -> Response:
    await design_sessions.change_status(
        uow=uow, user_id=user.user_id, session_id=session_id, action=SessionAction.ABANDON
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _with_chat(
    uow: UnitOfWork,
    settings: Settings,
    session: DesignSession,
    problem: SystemDesignProblem,
    *,
    resumed: bool = False,
) -> SessionWithProblem:
    messages, total = await design_chat.latest_messages(
        uow=uow, session_id=session.id, limit=settings.chat_messages_shown
    )
    return SessionWithProblem(
        session=DesignSessionOut.of(session),
        problem=learner_view(problem, PublicSystemDesignProblem),
        resumed=resumed,
        chat_messages=[ChatMessageOut.of(m) for m in messages],
        chat_messages_total=total,
    )
