"""Use cases of the tutor (seed 003): chat within a subject, grounded in its guide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from coach.db.tables import ChatMessage, ChatSession, Subject
from coach.domain.answers import Answer, Prompt, Turn
from coach.domain.errors import (
    NotEnrolled,
    SessionNotFound,
    SessionSubjectMismatch,
    SubjectNotFound,
    TooManyMessages,
)
from coach.domain.guard import asks_for_solution
from coach.domain.rate import WINDOW, seconds_to_wait
from coach.services.ports import CoachUnitOfWork, Provider
from servicekit.auth import Principal
from servicekit.outbox import utcnow

HISTORY_TURNS = 10
MAX_SESSION_MESSAGES = 200
TITLE_CHARS = 60


@dataclass(frozen=True)
class ChatLimits:
    messages_per_minute: int
    passages_per_answer: int


@dataclass(frozen=True)
class Reply:
    session: ChatSession
    message: ChatMessage


async def send_message(
    *,
    uow: CoachUnitOfWork,
    provider: Provider,
    user: Principal,
    subject_id: str,
    message: str,
    session_id: str | None,
    limits: ChatLimits,
    now: datetime | None = None,
) -> Reply:
    """Answer in the session (a new one when none is named), citing the passages used."""
    now = now or utcnow()
    subject = await _usable_subject(uow, user, subject_id)
    sent = await uow.chats.sent_since(user_id=user.user_id, since=now - WINDOW)
    if wait := seconds_to_wait(sent, now=now, limit=limits.messages_per_minute):
        raise TooManyMessages(wait)
    session = await _session_for(uow, user, subject_id, session_id, first_message=message, now=now)
    history = await uow.chats.messages(session.id, limit=HISTORY_TURNS)
    passages = await uow.passages.search(
        message, subject_id=subject_id, limit=limits.passages_per_answer
    )
    cited_items = await uow.catalogue.items([p.source_id for p in passages])
    solutions = tuple(s for item in cited_items for s in item.solutions)
    refuse = asks_for_solution(message, solutions)
    answer = await provider.answer(
        Prompt(
            purpose="tutor",
            message=message,
            subject_name=subject.name,
            passages=tuple(passages),
            history=tuple(
                Turn(role="user" if m.role == "user" else "assistant", content=m.content)
                for m in history
            ),
            refuse_solution=refuse,
        )
    )
    uow.chats.add_message(
        ChatMessage(
            session_id=session.id,
            user_id=user.user_id,
            role="user",
            content=message,
            created_at=now,
        )
    )
    reply = _assistant_message(session, user, answer, refused=refuse, now=now)
    uow.chats.add_message(reply)
    session.message_count += 2
    session.last_active = now
    uow.chats.add_session(session)
    await uow.commit()
    return Reply(session=session, message=reply)


async def list_sessions(
    *, uow: CoachUnitOfWork, user: Principal, subject_id: str | None, limit: int, offset: int
) -> tuple[list[ChatSession], int]:
    """The user's own sessions, most recently active first."""
    return await uow.chats.sessions(
        user_id=user.user_id, subject_id=subject_id, limit=limit, offset=offset
    )


async def session_with_messages(
    *, uow: CoachUnitOfWork, user: Principal, session_id: str
) -> tuple[ChatSession, list[ChatMessage]]:
    """The user's session and its latest messages, oldest first; another user's is missing."""
    session = await uow.chats.session(session_id=session_id, user_id=user.user_id)
    if session is None:
        raise SessionNotFound(session_id)
    return session, await uow.chats.messages(session.id, limit=MAX_SESSION_MESSAGES)


async def delete_session(*, uow: CoachUnitOfWork, user: Principal, session_id: str) -> None:
    """Delete the user's session and its messages."""
    session = await uow.chats.session(session_id=session_id, user_id=user.user_id)
    if session is None:
        raise SessionNotFound(session_id)
    await uow.chats.delete_session(session)
    await uow.commit()


async def _usable_subject(uow: CoachUnitOfWork, user: Principal, subject_id: str) -> Subject:
    """Admins, the subject's professor and its enrolled students may chat in it."""
    subject = await uow.catalogue.subject(subject_id)
    if subject is None:
        raise SubjectNotFound(subject_id)
    if user.is_admin or (user.role == "professor" and subject.professor_id == user.user_id):
        return subject
    if user.role == "student" and await uow.catalogue.is_enrolled(
        subject_id=subject_id, user_id=user.user_id
    ):
        return subject
    raise NotEnrolled(subject_id)


async def _session_for(
    uow: CoachUnitOfWork,
    user: Principal,
    subject_id: str,
    session_id: str | None,
    *,
    first_message: str,
    now: datetime,
) -> ChatSession:
    if session_id is None:
        title = " ".join(first_message.split())[:TITLE_CHARS] or "Chat"
        session = ChatSession(
            id=str(uuid.uuid4()),
            user_id=user.user_id,
            subject_id=subject_id,
            title=title,
            created_at=now,
            last_active=now,
        )
        uow.chats.add_session(session)
        return session
    existing = await uow.chats.session(session_id=session_id, user_id=user.user_id)
    if existing is None:
        raise SessionNotFound(session_id)
    if existing.subject_id != subject_id:
        raise SessionSubjectMismatch(session_id)
    return existing


def _assistant_message(
    session: ChatSession, user: Principal, answer: Answer, *, refused: bool, now: datetime
) -> ChatMessage:
    return ChatMessage(
        session_id=session.id,
        user_id=user.user_id,
        role="assistant",
        content=answer.text,
        refused=refused,
        provider=answer.provider,
        model=answer.model,
        prompt_version=answer.prompt_version,
        latency_ms=round(answer.latency_ms, 3),
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        citations=[p.citation() for p in answer.citations],
        created_at=now,
    )
