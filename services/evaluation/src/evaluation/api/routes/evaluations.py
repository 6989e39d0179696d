"""`/api/v1/evaluations`: evaluation runs with their per-test results."""

from fastapi import APIRouter

from evaluation.api.deps import Uow
from evaluation.api.schemas import RunOut, RunWithResults, visible_result
from evaluation.services import runs
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/evaluations", tags=["evaluations"])


@router.get("", response_model=Page[RunOut])
async def list_evaluations(
    uow: Uow, user: CurrentUser, paging: Paging, submission_id: str | None = None
) -> Page[RunOut]:
    items, total = await runs.list_runs(
        uow=uow, viewer=user, submission_id=submission_id, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[RunOut.of(r) for r in items], total=total, limit=paging.limit, offset=paging.offset
    )


@router.get("/{run_id}", response_model=RunWithResults)
async def get_evaluation(run_id: str, uow: Uow, user: CurrentUser) -> RunWithResults:
    run = await runs.get_run(uow=uow, run_id=run_id, viewer=user)
    results = await runs.run_results(uow=uow, run_id=run.id)
    # Expected outputs of hidden tests stay hidden from learners, even their own.
    show_all = user.is_admin
    return RunWithResults(
        evaluation_run=RunOut.of(run),
        test_results=[
            r.model_dump(exclude={"run_id"}) if show_all else visible_result(r) for r in results
        ],
    )
