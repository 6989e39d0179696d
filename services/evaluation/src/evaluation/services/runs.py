"""Use cases of evaluation runs: queue one per submission, claim, complete, read."""

from __future__ import annotations

import uuid

from contracts.evaluation import EvaluationCompleted, EvaluationSummary, TestOutcome
from contracts.practice import SubmissionCreated
from evaluation.db.repositories import Runs
from evaluation.db.tables import EvaluationRun, EvaluationTestResult
from evaluation.domain.runs import FINISHED, RunStatus, status_for
from evaluation.sandbox import JudgeResult
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import NotFound
from servicekit.outbox import utcnow


class RunNotFound(NotFound):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"No evaluation run {run_id!r}", code="EVALUATION_NOT_FOUND")


async def enqueue_run(*, uow: UnitOfWork, event: SubmissionCreated) -> EvaluationRun | None:
    """Queue a run for the submission; a repeat re-announces a finished run and runs nothing."""
    runs = Runs(uow.session)
    existing = await runs.by_submission(event.submission_id)
    if existing is not None:
        if RunStatus(existing.status) in FINISHED:
            uow.raise_event(completed_event(existing, await runs.results(existing.id)))
        return None
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
            actual=t.actual,
            stdout=t.stdout,
            stderr=t.stderr,
            duration_ms=t.duration_ms,
            memory_kb=t.memory_kb,
            error=t.error,
        )
        for t in result.tests
    ]
    runs.add_results(results)
    run.status = status_for(result.verdict)
    run.verdict = result.verdict
    run.tests_passed = sum(1 for t in result.tests if t.passed)
    run.tests_total = max(run.tests_total, len(result.tests))
    run.explanation = result.explanation
    run.compile_output = result.compile_output
    run.duration_ms = result.duration_ms
    run.memory_kb = result.memory_kb
    run.completed_at = utcnow()
    uow.session.add(run)
    uow.raise_event(completed_event(run, results))
    await uow.commit()
    return run


def completed_event(run: EvaluationRun, results: list[EvaluationTestResult]) -> EvaluationCompleted:
    return EvaluationCompleted(
        evaluation_id=run.id,
        submission_id=run.submission_id,
        attempt_id=run.attempt_id,
        user_id=run.user_id,
        status=run.status,  # type: ignore[arg-type]
        verdict=run.verdict or "internal_error",  # type: ignore[arg-type]
        summary=EvaluationSummary(
            passed=run.verdict == "accepted",
            tests_passed=run.tests_passed,
            tests_total=run.tests_total,
        ),
        test_results=tuple(TestOutcome.model_validate(r, from_attributes=True) for r in results),
        explanation=run.explanation,
        duration_ms=run.duration_ms,
    )


async def get_run(*, uow: UnitOfWork, run_id: str, viewer: Principal) -> EvaluationRun:
    """A run its owner (or an admin) may read; anyone else gets not found."""
    run = await Runs(uow.session).get(run_id)
    if run is None or not (viewer.is_admin or run.user_id == viewer.user_id):
        raise RunNotFound(run_id)
    return run


async def run_results(*, uow: UnitOfWork, run_id: str) -> list[EvaluationTestResult]:
    """The per-test results of a run, in test order."""
    return await Runs(uow.session).results(run_id)


async def list_runs(
    *, uow: UnitOfWork, viewer: Principal, submission_id: str | None, limit: int, offset: int
) -> tuple[list[EvaluationRun], int]:
    """Runs the viewer may read, newest first."""
    user_id = None if viewer.is_admin else viewer.user_id
    return await Runs(uow.session).page(
        user_id=user_id, submission_id=submission_id, limit=limit, offset=offset
    )
