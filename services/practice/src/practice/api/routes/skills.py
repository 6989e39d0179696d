"""`/api/v1/skills` and `/api/v1/problems/next`: the learner's progression over patterns."""

from typing import Annotated

from fastapi import APIRouter, Query

from contracts.catalogue.items import PublicCodingProblem
from contracts.catalogue.vocabulary import Pattern
from practice.api.deps import Uow
from practice.api.schemas.skills import NextProblem, SkillMatrixOut
from practice.domain.catalog import learner_view
from practice.services import skills
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/api/v1", tags=["skills"])


@router.get("/skills", response_model=SkillMatrixOut)
async def skill_matrix(uow: Uow, user: CurrentUser) -> SkillMatrixOut:
    return SkillMatrixOut.of(await skills.skill_matrix(uow=uow, user_id=user.user_id))


@router.get("/problems/next", response_model=NextProblem)
async def next_problem(
    uow: Uow,
    user: CurrentUser,
    pattern: Pattern | None = None,
    rung: Annotated[int | None, Query(ge=1, le=5)] = None,
) -> NextProblem:
    problem, reason = await skills.next_problem(
        uow=uow, user_id=user.user_id, pattern=pattern, rung=rung
    )
    return NextProblem(problem=learner_view(problem, PublicCodingProblem), reason=reason)
