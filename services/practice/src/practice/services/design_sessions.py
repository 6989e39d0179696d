"""Use cases of system-design sessions: start or resume, autosave, pause, submit, abandon."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError

from contracts.catalogue import SystemDesignProblem
from practice.db.repositories import DesignSessions
from practice.db.tables import DesignSession, Submission
from practice.domain.design import (
    SessionAction,
    SessionStatus,
    after,
    diagram_hash,
    diagram_labels,
)
from practice.domain.errors import DesignSessionNotFound, ProblemNotFound, TooManyOpenSessions
from practice.domain.submissions import SubmissionType
from practice.services.catalog_view import catalogue_item
from practice.services.evaluation_requests import request_scoring
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow

DESIGN_FEEDBACK = ("strengths", "improvements", "missing_components")


async def design_problem(*, uow: UnitOfWork, problem_id: str) -> SystemDesignProblem:
    """The system-design problem from the read model, or ProblemNotFound."""
    return await catalogue_item(
        uow=uow,
        item_id=problem_id,
        model=SystemDesignProblem,
        missing=lambda item_id: ProblemNotFound(item_id, kind="system_design"),
    )


async def start_session(
    *, uow: UnitOfWork, user_id: str, problem_id: str, max_open: int
) -> tuple[DesignSession, SystemDesignProblem, bool]:
    """Resume the learner's active or paused session on the problem, or start one."""
    problem = await design_problem(uow=uow, problem_id=problem_id)
    sessions = DesignSessions(uow.session)
    if (current := await sessions.open_for(user_id, problem_id)) is not None:
        return current, problem, True
    if await sessions.count_open(user_id) >= max_open:
        raise TooManyOpenSessions(max_open)
    session = DesignSession(
        id=str(uuid.uuid4()),
        user_id=user_id,
        problem_id=problem_id,
        status=SessionStatus.ACTIVE,
        diagram_hash=diagram_hash({}),
    )
    sessions.add(session)
    try:
        await uow.commit()
    except IntegrityError:  # a concurrent request opened one first: resume that one
        await uow.rollback()
        return await start_session(
            uow=uow, user_id=user_id, problem_id=problem_id, max_open=max_open
        )
    return session, problem, False


async def get_session(*, uow: UnitOfWork, user_id: str, session_id: str) -> DesignSession:
    """One of the learner's sessions; someone else's answers as not found."""
    session = await DesignSessions(uow.session).get_for_user(session_id, user_id)
    if session is None:
        raise DesignSessionNotFound(session_id)
    return session


async def list_sessions(
    *,
    uow: UnitOfWork,
    user_id: str,
    problem_id: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[DesignSession], int]:
    """The learner's sessions, newest first."""
    return await DesignSessions(uow.session).page(
        user_id=user_id, problem_id=problem_id, status=status, limit=limit, offset=offset
    )


async def autosave(
    *,
    uow: UnitOfWork,
    user_id: str,
    session_id: str,
    diagram_data: dict[str, Any],
    time_spent: int,
    description: str | None,
) -> tuple[DesignSession, bool]:
    """Record the time spent; write the diagram only when it changed (returned as `saved`)."""
    session = await get_session(uow=uow, user_id=user_id, session_id=session_id)
    after(session.status, SessionAction.AUTOSAVE)
    fingerprint = diagram_hash(diagram_data)
    saved = fingerprint != session.diagram_hash
    if saved:
        session.diagram_data, session.diagram_hash = diagram_data, fingerprint
    if description is not None:
        session.description = description
    session.time_spent = time_spent
    session.last_saved_at = session.updated_at = utcnow()
    uow.session.add(session)
    await uow.commit()
    return session, saved


async def change_status(
    *,
    uow: UnitOfWork,
    user_id: str,
    session_id: str,
    action: SessionAction,
    time_spent: int | None = None,
) -> DesignSession:
    """Pause, resume or abandon the session (abandoned sessions are kept)."""
    session = await get_session(uow=uow, user_id=user_id, session_id=session_id)
    session.status = after(session.status, action)
    if time_spent is not None:
        session.time_spent = time_spent
    session.updated_at = utcnow()
    if session.status == SessionStatus.ABANDONED:
        session.ended_at = session.updated_at
    uow.session.add(session)
    await uow.commit()
    return session


async def submit_session(
    *, uow: UnitOfWork, user_id: str, session_id: str, description: str | None
) -> tuple[DesignSession, Submission]:
    """Close the session and send its design to be scored against the problem's rubric."""
    session = await get_session(uow=uow, user_id=user_id, session_id=session_id)
    session.status = after(session.status, SessionAction.SUBMIT)
    problem = await design_problem(uow=uow, problem_id=session.problem_id)
    if description is not None:
        session.description = description
    submission = request_scoring(
        uow=uow,
        kind="design",
        submission_type=SubmissionType.DESIGN,
        attempt_id=session.id,
        user_id=user_id,
        problem_id=session.problem_id,
        answer={
            "description": session.description,
            "diagram_labels": diagram_labels(session.diagram_data),
        },
        reference={"rubric": problem.rubric.model_dump(mode="json")},
    )
    session.submission_id = submission.id
    session.ended_at = session.updated_at = utcnow()
    uow.session.add(session)
    await uow.commit()
    return session, submission


async def on_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Give the session its score and feedback."""
    session = await DesignSessions(uow.session).get(submission.attempt_id)
    if session is None or session.submission_id != submission.id:
        return
    feedback = submission.feedback or {}
    session.score = submission.score
    session.feedback = {key: list(feedback.get(key, [])) for key in DESIGN_FEEDBACK}
    session.evaluated_at = session.updated_at = submission.evaluated_at or utcnow()
    uow.session.add(session)
