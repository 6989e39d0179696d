"""Use cases of evaluation runs: queue or score one per submission, complete, read."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.practice import AnswerSubmitted, ProjectTestsRequested, SubmissionCreated
from evaluation.db.repositories import Runs, Subjects
from evaluation.db.tables import EvaluationRun, EvaluationTestResult
from evaluation.domain.runs import FINISHED, RunStatus, status_for
from evaluation.domain.scoring.answers import UnscorableAnswer, score_answer
from evaluation.sandbox import JudgeResult
from evaluation.services.projects import ProjectOutcome
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import NotFound
from servicekit.outbox import utcnow


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
        code=event.code,
        spec=event.problem.model_dump(mode="json"),
        status=RunStatus.QUEUED,
        tests_total=len(event.problem.tests),
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
        spec=event.project.model_dump(mode="json"),
        status=RunStatus.QUEUED,
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
        spec={"answer": event.answer, "reference": event.reference},
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


async def claim_run(*, uow: UnitOfWork, run_id: str) -> EvaluationRun | None:
    """Take a queued run for this worker, or None if it is gone or taken."""
    runs = Runs(uow.session)
    if not await runs.claim(run_id):
        return None
    await uow.commit()
    return await runs.get(run_id)


async def complete_run(*, uow: UnitOfWork, run_id: str, result: JudgeResult) -> EvaluationRun:
    """Store the verdict and per-test results and announce them, in one transaction."""
    runs = Runs(uow.session)
    run = await runs.get(run_id)
    if run is None:
        raise RunNotFound(run_id)
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
            actual=_no_nul(t.actual),
            stdout=_no_nul(t.stdout),
            stderr=_no_nul(t.stderr),
            duration_ms=t.duration_ms,
            memory_kb=t.memory_kb,
            error=_no_nul(t.error),
        )
        for t in result.tests
    ]
    runs.add_results(results)
    run.status = status_for(result.verdict)
    run.verdict = result.verdict
    run.tests_passed = sum(1 for t in result.tests if t.passed)
    run.tests_total = max(run.tests_total, len(result.tests))
    run.explanation = _no_nul(result.explanation)
    run.compile_output = _no_nul(result.compile_output)
    run.duration_ms = result.duration_ms
    run.memory_kb = result.memory_kb
    run.completed_at = utcnow()
    uow.session.add(run)
    uow.raise_event(completed_event(run, results))
    await uow.commit()
    return run


async def complete_project_run(
    *, uow: UnitOfWork, run_id: str, outcome: ProjectOutcome
) -> EvaluationRun:
    """Store a debug lab's test run and announce it, in one transaction."""
    run = await Runs(uow.session).get(run_id)
    if run is None:
        raise RunNotFound(run_id)
    run.status = status_for(outcome.verdict)
    run.verdict = outcome.verdict
    run.tests_passed, run.tests_total = outcome.tests_passed, outcome.tests_total
    run.explanation = outcome.explanation
    run.duration_ms, run.memory_kb = outcome.duration_ms, outcome.memory_kb
    run.feedback = _no_nul(outcome.feedback)
    run.completed_at = utcnow()
    uow.session.add(run)
    uow.raise_event(completed_event(run, []))
    await uow.commit()
    return run


def _no_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL bytes, and untrusted output may carry them."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_nul(v) for k, v in value.items()}
    return value


def completed_event(run: EvaluationRun, results: list[EvaluationTestResult]) -> EvaluationCompleted:
    return EvaluationCompleted(
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
        test_results=tuple(TestOutcome.model_validate(r, from_attributes=True) for r in results),
        explanation=run.explanation,
        duration_ms=run.duration_ms,
        kind=run.type,  # type: ignore[arg-type]
        score=run.score,
        score_breakdown=run.score_breakdown,
        feedback=run.feedback,
    )


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
