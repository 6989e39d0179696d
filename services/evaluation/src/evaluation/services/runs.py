"""Use cases of evaluation runs: queue or score one per submission, complete, read."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.practice import AnswerSubmitted, ProjectTestsRequested, SubmissionCreated
from evaluation.db.repositories import Runs, Subjects
from evaluation.db.tables import EvaluationRun, EvaluationTestResult
from evaluation.domain.result_budget import (
    EVENT_BYTES,
    FIELD_BYTES,
    bounded_feedback,
    bounded_outcomes,
    encoded_size,
)
from evaluation.domain.runs import FINISHED, POOLED_KINDS, RunStatus, status_for
from evaluation.domain.scoring.answers import UnscorableAnswer, score_answer
from evaluation.sandbox import JudgeResult
from evaluation.services.projects import ProjectOutcome
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import NotFound
from servicekit.outbox import current_trace_headers, utcnow
from servicekit.text import clean_text, fit_utf8


class RunNotFound(NotFound):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"No evaluation run {run_id!r}", code="EVALUATION_NOT_FOUND")


async def _is_repeat(uow: UnitOfWork, submission_id: str) -> bool:
    """A submission seen before: re-announce its finished run (the first answer may be lost)."""
    runs = Runs(uow.session)
    existing = await runs.by_submission(submission_id)
    if existing is None:
        return False
    if RunStatus(existing.status) in FINISHED:
        uow.raise_event(completed_event(existing, await runs.results(existing.id)))
    return True


async def enqueue_run(*, uow: UnitOfWork, event: SubmissionCreated) -> EvaluationRun | None:
    """Queue a run for the submission; a repeat runs nothing."""
    if await _is_repeat(uow, event.submission_id):
        return None
    runs = Runs(uow.session)
    run = EvaluationRun(
        id=str(uuid.uuid4()),
        submission_id=event.submission_id,
        attempt_id=event.attempt_id,
        user_id=event.user_id,
        language=event.language,
        code=clean_text(event.code),
        spec=clean_text(event.problem.model_dump(mode="json")),
        status=RunStatus.QUEUED,
        tests_total=len(event.problem.tests),
        trace_headers=current_trace_headers(),
    )
    runs.add(run)
    return run


async def enqueue_project_run(
    *, uow: UnitOfWork, event: ProjectTestsRequested
) -> EvaluationRun | None:
    """Queue a debug lab's test run; a repeat runs nothing."""
    if await _is_repeat(uow, event.submission_id):
        return None
    run = EvaluationRun(
        id=str(uuid.uuid4()),
        submission_id=event.submission_id,
        attempt_id=event.attempt_id,
        user_id=event.user_id,
        type="project",
        language=event.project.language,
        code="",
        spec=clean_text(event.project.model_dump(mode="json")),
        status=RunStatus.QUEUED,
        trace_headers=current_trace_headers(),
    )
    Runs(uow.session).add(run)
    return run


async def score_submission(*, uow: UnitOfWork, event: AnswerSubmitted) -> EvaluationRun | None:
    """Score an answer at once (no sandbox needed) and announce the score; repeats re-announce."""
    if await _is_repeat(uow, event.submission_id):
        return None
    run = EvaluationRun(
        id=str(uuid.uuid4()),
        submission_id=event.submission_id,
        attempt_id=event.attempt_id,
        user_id=event.user_id,
        type=event.kind,
        language="",
        code="",
        spec=clean_text({"answer": event.answer, "reference": event.reference}),
        status=RunStatus.RUNNING,
        started_at=utcnow(),
    )
    try:
        scored = score_answer(event.kind, event.answer, event.reference)
    except UnscorableAnswer as error:
        run.status, run.verdict, run.explanation = RunStatus.FAILED, "internal_error", str(error)
    else:
        run.status, run.verdict = RunStatus.SUCCEEDED, "accepted"
        run.score, run.score_breakdown, run.feedback = (
            scored.score,
            scored.breakdown,
            scored.feedback,
        )
        run.tests_total, run.tests_passed = 1, int(scored.passed)
    run.completed_at = utcnow()
    Runs(uow.session).add(run)
    uow.raise_event(completed_event(run, []))
    await uow.commit()
    return run


async def claim_run(
    *, uow: UnitOfWork, run_id: str, owner: str, lease_until: datetime
) -> EvaluationRun | None:
    """Take a queued run for this replica, leased until `lease_until`; None if gone or taken."""
    runs = Runs(uow.session)
    if not await runs.claim(run_id, owner=owner, lease_until=lease_until):
        return None
    await uow.commit()
    return await runs.get(run_id)


async def release_run(*, uow: UnitOfWork, run_id: str, owner: str, refund: bool = False) -> None:
    """Put a run this replica holds back in the queue; `refund` when the try was not its fault."""
    await Runs(uow.session).release(run_id, owner=owner, refund=refund)
    await uow.commit()


async def fail_run(
    *,
    uow: UnitOfWork,
    run_id: str,
    reason: str,
    owner: str | None = None,
    lapsed_before: datetime | None = None,
) -> EvaluationRun | None:
    """End a run that cannot be judged as failed with `internal_error`, and announce it once.

    Only while this replica holds it (`owner`) or its lease lapsed before `lapsed_before`;
    None when another replica got there first, so each submission gets one result.
    """
    run = await _end_unjudged(uow, run_id, reason=reason, owner=owner, lapsed_before=lapsed_before)
    if run is not None:
        await uow.commit()
    return run


async def _end_unjudged(
    uow: UnitOfWork,
    run_id: str,
    *,
    reason: str,
    owner: str | None = None,
    lapsed_before: datetime | None = None,
) -> EvaluationRun | None:
    runs = Runs(uow.session)
    ended = await runs.end_unjudged(
        run_id, reason=clean_text(reason), owner=owner, lapsed_before=lapsed_before
    )
    if not ended:
        return None
    run = await runs.get(run_id)
    assert run is not None
    # Ended by a sweep, long after: the result still belongs to the submission's trace.
    uow.raise_event(completed_event(run, []), trace_headers=run.trace_headers)
    return run


_NOT_REDRIVEN = "A {kind} run cannot be judged again from the queue."


@dataclass(frozen=True)
class Sweep:
    waiting: list[tuple[str, str]]  # (run id, user id) of queued runs, oldest first
    released: int  # lapsed runs put back in the queue
    ended: int  # runs that cannot be re-driven, now failed and announced


async def sweep_runs(
    *,
    uow: UnitOfWork,
    owner: str,
    judging: Collection[str],
    now: datetime,
    lease_until: datetime,
    max_attempts: int,
) -> Sweep:
    """Renew the leases of the runs being judged; re-queue or end lapsed runs; list the queue.

    Only runs `owner` is judging right now are renewed: one it lost track of (its database
    went away mid-run) lapses and is re-driven like a dead replica's.
    """
    runs = Runs(uow.session)
    await runs.renew(judging, owner=owner, lease_until=lease_until)
    released = ended = 0
    for run_id, kind, attempts in await runs.lapsed(now):
        if kind in POOLED_KINDS and attempts < max_attempts:
            released += await runs.release_lapsed(run_id, now=now)
            continue
        reason = (
            f"The judge stopped {attempts} times while running this."
            if kind in POOLED_KINDS
            else _NOT_REDRIVEN.format(kind=kind)
        )
        ended += await _end_unjudged(uow, run_id, reason=reason, lapsed_before=now) is not None
    waiting = []
    for run_id, user_id, kind in await runs.queued():
        if kind in POOLED_KINDS:
            waiting.append((run_id, user_id))
            continue
        reason = _NOT_REDRIVEN.format(kind=kind)
        ended += await _end_unjudged(uow, run_id, reason=reason, lapsed_before=now) is not None
    await uow.commit()
    return Sweep(waiting=waiting, released=released, ended=ended)


async def _settle(
    uow: UnitOfWork, run_id: str, *, owner: str, verdict: str
) -> EvaluationRun | None:
    """Finish a run this replica still holds; None if its lease lapsed and another took it."""
    runs = Runs(uow.session)
    if not await runs.settle(run_id, owner=owner, status=status_for(verdict)):
        return None
    return await runs.get(run_id)


async def complete_run(
    *, uow: UnitOfWork, run_id: str, owner: str, result: JudgeResult
) -> EvaluationRun | None:
    """Store the verdict and per-test results and announce them, in one transaction."""
    runs = Runs(uow.session)
    run = await _settle(uow, run_id, owner=owner, verdict=result.verdict)
    if run is None:
        return None
    hidden = [bool(t.get("is_hidden")) for t in run.spec.get("tests", [])]
    results = [
        EvaluationTestResult(
            run_id=run.id,
            test_index=t.test_index,
            is_hidden=hidden[t.test_index] if t.test_index < len(hidden) else False,
            passed=t.passed,
            verdict=t.verdict,
            input=t.input,
            expected=t.expected,
            actual=clean_text(t.actual),
            stdout=clean_text(t.stdout),
            stderr=clean_text(t.stderr),
            duration_ms=t.duration_ms,
            memory_kb=t.memory_kb,
            error=clean_text(t.error),
        )
        for t in result.tests
    ]
    runs.add_results(results)
    run.verdict = result.verdict
    run.tests_passed = sum(1 for t in result.tests if t.passed)
    run.tests_total = max(run.tests_total, len(result.tests))
    run.explanation = clean_text(result.explanation)
    run.compile_output = clean_text(result.compile_output)
    run.duration_ms = result.duration_ms
    run.memory_kb = result.memory_kb
    run.completed_at = utcnow()
    uow.session.add(run)
    uow.raise_event(completed_event(run, results))
    await uow.commit()
    return run


async def complete_project_run(
    *, uow: UnitOfWork, run_id: str, owner: str, outcome: ProjectOutcome
) -> EvaluationRun | None:
    """Store a debug lab's test run and announce it, in one transaction."""
    run = await _settle(uow, run_id, owner=owner, verdict=outcome.verdict)
    if run is None:
        return None
    run.verdict = outcome.verdict
    run.tests_passed, run.tests_total = outcome.tests_passed, outcome.tests_total
    run.explanation = clean_text(outcome.explanation)
    run.duration_ms, run.memory_kb = outcome.duration_ms, outcome.memory_kb
    run.feedback = clean_text(outcome.feedback)
    run.completed_at = utcnow()
    uow.session.add(run)
    uow.raise_event(completed_event(run, []))
    await uow.commit()
    return run


def completed_event(run: EvaluationRun, results: list[EvaluationTestResult]) -> EvaluationCompleted:
    """The run's result event, bounded in size whatever the learner's code printed."""
    outcomes, cut_results = bounded_outcomes(
        [TestOutcome.model_validate(r, from_attributes=True) for r in results]
    )
    feedback, cut_feedback = bounded_feedback(run.feedback)
    event = EvaluationCompleted(
        evaluation_id=run.id,
        submission_id=run.submission_id,
        attempt_id=run.attempt_id,
        user_id=run.user_id,
        status=run.status,  # type: ignore[arg-type]
        verdict=run.verdict or "internal_error",  # type: ignore[arg-type]
        summary=EvaluationSummary(
            passed=passed(run),
            tests_passed=run.tests_passed,
            tests_total=run.tests_total,
        ),
        test_results=outcomes,
        explanation=fit_utf8(run.explanation, FIELD_BYTES) if run.explanation else None,
        duration_ms=run.duration_ms,
        kind=run.type,  # type: ignore[arg-type]
        score=run.score,
        score_breakdown=run.score_breakdown,
        feedback=feedback,
        truncated=cut_results or cut_feedback,
    )
    if encoded_size(event.model_dump(mode="json")) > EVENT_BYTES:
        return event.model_copy(update={"test_results": (), "feedback": None, "truncated": True})
    return event


def passed(run: EvaluationRun) -> bool:
    """Code and projects pass on acceptance; a scored answer when it met the bar."""
    if run.type in ("code", "project"):
        return run.verdict == "accepted"
    return run.status == RunStatus.SUCCEEDED and run.tests_passed == run.tests_total > 0


async def readable_users(*, uow: UnitOfWork, viewer: Principal) -> set[str] | None:
    """Whose runs the viewer may read: None for everyone's (admins)."""
    if viewer.is_admin:
        return None
    users = {viewer.user_id}
    if viewer.role == "professor":
        users |= await Subjects(uow.session).students_of(viewer.user_id)
    return users


async def get_run(*, uow: UnitOfWork, run_id: str, viewer: Principal) -> EvaluationRun:
    """A run its owner, a professor of the owner's subject, or an admin may read; else not found."""
    run = await Runs(uow.session).get(run_id)
    if run is None:
        raise RunNotFound(run_id)
    users = await readable_users(uow=uow, viewer=viewer)
    if users is not None and run.user_id not in users:
        raise RunNotFound(run_id)
    return run


async def run_results(*, uow: UnitOfWork, run_id: str) -> list[EvaluationTestResult]:
    """The per-test results of a run, in test order."""
    return await Runs(uow.session).results(run_id)


async def list_runs(
    *, uow: UnitOfWork, viewer: Principal, submission_id: str | None, limit: int, offset: int
) -> tuple[list[EvaluationRun], int]:
    """Runs the viewer may read, newest first."""
    users = await readable_users(uow=uow, viewer=viewer)
    return await Runs(uow.session).page(
        user_ids=users, submission_id=submission_id, limit=limit, offset=offset
    )
