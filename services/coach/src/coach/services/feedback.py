"""Use cases of feedback (seeds 000, 001): written when an evaluation completes, read by
the learner, a professor of one of the learner's subjects, or an admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from coach.db.tables import Feedback, SubmittedCode
from coach.domain.answers import Answer, Prompt
from coach.domain.errors import FeedbackNotFound
from coach.domain.evidence import Evidence, evidence_from_record, evidence_of, evidence_record
from coach.domain.feedback import feedback_type, same_outcome
from coach.domain.representation import representation
from coach.services.ports import CoachUnitOfWork, Provider
from contracts.coach import (
    FEEDBACK_TEXT_MAX_CHARS,
    FeedbackContent,
    FeedbackReady,
    FeedbackType,
)
from contracts.evaluation import EvaluationCompleted
from contracts.practice import SubmissionCreated
from servicekit.auth import Principal


@dataclass(frozen=True)
class FeedbackTarget:
    attempt_id: str | None = None
    submission_id: str | None = None
    response_id: str | None = None


async def prepare_feedback(
    *, uow: CoachUnitOfWork, provider: Provider, event: EvaluationCompleted, passages: int
) -> Feedback | None:
    """Feedback grounded in this evaluation, announced with FeedbackReady; once per submission.

    Equivalent code on the same problem with the same outcome reuses the first feedback
    written for it instead of asking the provider again.
    """
    if await uow.feedback.for_submission(event.submission_id) is not None:
        return None
    evidence = evidence_of(event)
    code = await uow.feedback.code_of(event.submission_id)
    key = code.representation if code is not None else None
    earlier = await uow.feedback.first_for(key) if key is not None else None
    if earlier is not None and same_outcome(evidence_from_record(earlier.evidence), evidence):
        answer = Answer(
            text=earlier.content,
            provider=earlier.provider,
            model=earlier.model,
            prompt_version=earlier.prompt_version,
            latency_ms=0.0,
        )
        citations = earlier.citations
    else:
        earlier = None
        found = await uow.passages.search(_reading_for(evidence), subject_id=None, limit=passages)
        answer = await provider.answer(
            Prompt(purpose="feedback", evidence=evidence, passages=tuple(found))
        )
        citations = [p.citation() for p in answer.citations]
    feedback = _feedback_row(event, evidence, answer, citations, representation=key)
    feedback.reused_from = earlier.id if earlier is not None else None
    uow.feedback.add(feedback)
    uow.raise_event(
        FeedbackReady(
            feedback_id=feedback.id,
            user_id=event.user_id,
            target_type="submission",
            target_id=event.submission_id,
            feedback=_content_of(answer, feedback_type(evidence)),
        )
    )
    return feedback


async def remember_submission(*, uow: CoachUnitOfWork, event: SubmissionCreated) -> None:
    """Keep the normalised form of submitted code, for reuse once it is evaluated."""
    entry_point = event.problem.execution.entry_point
    digest = representation(event.code, event.language, keep=(entry_point,) if entry_point else ())
    key = f"{event.problem.problem_id}:{digest}" if digest is not None else None
    await uow.feedback.remember_code(
        SubmittedCode(submission_id=event.submission_id, representation=key)
    )


async def feedback_for(
    *, uow: CoachUnitOfWork, user: Principal, target: FeedbackTarget
) -> list[Feedback]:
    """The target's feedback, newest first, if the caller may read it; 404 otherwise."""
    rows = await uow.feedback.find(
        attempt_id=target.attempt_id,
        submission_id=target.submission_id,
        response_id=target.response_id,
    )
    if not rows or not await may_read(uow, user, owner_id=rows[0].user_id):
        raise FeedbackNotFound
    return rows


async def may_read(uow: CoachUnitOfWork, user: Principal, *, owner_id: str) -> bool:
    """The owner, an admin, or a professor of a subject the owner is enrolled in."""
    if user.user_id == owner_id or user.is_admin:
        return True
    return user.role == "professor" and await uow.catalogue.teaches_student(
        professor_id=user.user_id, student_id=owner_id
    )


def _content_of(answer: Answer, kind: FeedbackType) -> FeedbackContent:
    """The feedback as FeedbackReady carries it: its text cut to the event's bound."""
    text, limit = answer.text, FEEDBACK_TEXT_MAX_CHARS
    cut = len(text) > limit
    return FeedbackContent(
        type=kind,
        text=text[: limit - 1] + "…" if cut else text,
        truncated=cut,
        provider=answer.provider,
        model=answer.model,
        prompt_version=answer.prompt_version,
    )


def _reading_for(evidence: Evidence) -> str:
    """Words to find related reading by: the error and what the answer missed."""
    parts = [*evidence.gaps]
    if evidence.error is not None:
        parts.append(evidence.error.message)
    return " ".join(parts)


def _feedback_row(
    event: EvaluationCompleted,
    evidence: Evidence,
    answer: Answer,
    citations: list[dict[str, Any]],
    *,
    representation: str | None,
) -> Feedback:
    return Feedback(
        id=str(uuid.uuid4()),
        submission_id=event.submission_id,
        attempt_id=event.attempt_id,
        user_id=event.user_id,
        evaluation_kind=event.kind,
        type=feedback_type(evidence),
        content=answer.text,
        evidence=evidence_record(evidence),
        citations=citations,
        provider=answer.provider,
        model=answer.model,
        prompt_version=answer.prompt_version,
        latency_ms=round(answer.latency_ms, 3),
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        representation=representation,
    )
