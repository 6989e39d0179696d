"""Use cases of a design session's chat (seed 004): the coach answers, practice keeps the talk.

The learner's message is committed before the coach is asked, so no outage loses it; sending
the same text again while it is unanswered asks about that message instead of storing a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from contracts.catalogue import SystemDesignProblem
from practice.db.repositories import DesignChatMessages
from practice.db.tables import DesignChatMessage, DesignSession
from practice.domain.design import SessionAction, after, diagram_labels
from practice.domain.errors import ChatLimitReached
from practice.services.design_sessions import design_problem, get_session
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow

# The coach's bounds on what it is told: a diagram's labels and each earlier turn.
MAX_COMPONENTS = 500
MAX_COMPONENT_CHARS = 300
MAX_TURN_CHARS = 4000


@dataclass(frozen=True)
class DesignQuestion:
    """What the coach is told: the problem, the diagram as it stands, the last turns."""

    title: str
    requirements: tuple[str, ...]
    constraints: tuple[str, ...]
    components: tuple[str, ...]
    history: tuple[tuple[str, str], ...]  # (role, content), oldest first
    message: str


@dataclass(frozen=True)
class CoachAnswer:
    """The coach's answer, how it was made, and what it rests on."""

    content: str
    provider: str | None
    model: str | None
    prompt_version: str | None
    latency_ms: float | None
    input_tokens: int | None
    output_tokens: int | None
    grounding: dict[str, Any]  # requirements cited, requirements missing, components named


class DesignCoach(Protocol):
    async def answer(self, question: DesignQuestion, *, token: str) -> CoachAnswer:
        """The coach's answer, asked as the learner; CoachUnavailable when there is none."""
        ...


@dataclass(frozen=True)
class ChatLimits:
    max_messages: int  # per session, the learner's and the coach's together
    history_turns: int  # earlier messages the coach is shown


@dataclass(frozen=True)
class ChatExchange:
    session: DesignSession
    message: DesignChatMessage
    reply: DesignChatMessage


async def ask_coach(
    *,
    uow: UnitOfWork,
    coach: DesignCoach,
    token: str,
    user_id: str,
    session_id: str,
    content: str,
    limits: ChatLimits,
) -> ChatExchange:
    """Keep the learner's message, ask the coach about it, keep the answer."""
    session = await get_session(uow=uow, user_id=user_id, session_id=session_id)
    after(session.status, SessionAction.CHAT)
    problem = await design_problem(uow=uow, problem_id=session.problem_id)
    chat = DesignChatMessages(uow.session)
    earlier = await chat.latest(session.id, limit=limits.history_turns + 1)
    if earlier and earlier[-1].role == "user" and earlier[-1].content == content:
        message, earlier = earlier[-1], earlier[:-1]  # a resend after the coach failed
        needed = 1
    else:
        message = DesignChatMessage(
            session_id=session.id, user_id=user_id, role="user", content=content
        )
        needed = 2
    if await chat.count(session.id) + needed > limits.max_messages:
        raise ChatLimitReached(limits.max_messages)
    chat.add(message)
    await uow.commit()  # before the coach is asked: no transaction is held across the call
    history = earlier[-limits.history_turns :] if limits.history_turns else []
    answer = await coach.answer(_question(problem, session, history, content), token=token)
    reply = _reply(session, answer)
    chat.add(reply)
    session.updated_at = utcnow()
    uow.session.add(session)
    await uow.commit()
    return ChatExchange(session=session, message=message, reply=reply)


def _question(
    problem: SystemDesignProblem,
    session: DesignSession,
    history: list[DesignChatMessage],
    content: str,
) -> DesignQuestion:
    return DesignQuestion(
        title=problem.title,
        requirements=(*problem.requirements.functional, *problem.requirements.non_functional),
        constraints=problem.constraints,
        components=tuple(
            label[:MAX_COMPONENT_CHARS]
            for label in diagram_labels(session.diagram_data)[:MAX_COMPONENTS]
        ),
        history=tuple((m.role, m.content[:MAX_TURN_CHARS]) for m in history),
        message=content,
    )


def _reply(session: DesignSession, answer: CoachAnswer) -> DesignChatMessage:
    return DesignChatMessage(
        session_id=session.id,
        user_id=session.user_id,
        role="assistant",
        content=answer.content,
        provider=answer.provider,
        model=answer.model,
        prompt_version=answer.prompt_version,
        latency_ms=answer.latency_ms,
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        grounding=answer.grounding,
    )


async def latest_messages(
    *, uow: UnitOfWork, session_id: str, limit: int
) -> tuple[list[DesignChatMessage], int]:
    """The session's last `limit` messages, oldest first, and how many it has in all."""
    chat = DesignChatMessages(uow.session)
    return await chat.latest(session_id, limit=limit), await chat.count(session_id)


async def chat_page(
    *, uow: UnitOfWork, user_id: str, session_id: str, limit: int, offset: int
) -> tuple[list[DesignChatMessage], int]:
    """One page of the learner's session's chat, oldest first."""
    session = await get_session(uow=uow, user_id=user_id, session_id=session_id)
    return await DesignChatMessages(uow.session).page(session.id, limit=limit, offset=offset)
