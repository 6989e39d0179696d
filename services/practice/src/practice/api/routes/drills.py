"""`/api/v1/drills/*`: the learner's thinking drills (content keeps the admin catalogue)."""

from fastapi import APIRouter

from contracts.catalogue.items import PublicDrill
from contracts.catalogue.vocabulary import DrillType
from practice.api.deps import Uow
from practice.api.schemas.drills import AnswerDrill, DrillHistoryEntry, DrillResult, DrillStatsOut
from practice.services import drills
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/api/v1/drills", tags=["drills"])


@router.get("/next", response_model=PublicDrill)
async def next_drill(
    uow: Uow, user: CurrentUser, drill_type: DrillType | None = None
) -> PublicDrill:
    return await drills.next_drill(uow=uow, user_id=user.user_id, drill_type=drill_type)


@router.post("/answers", response_model=DrillResult)
async def answer_drill(body: AnswerDrill, uow: Uow, user: CurrentUser) -> DrillResult:
    answer, result = await drills.answer_drill(
        uow=uow, user_id=user.user_id, drill_id=body.drill_id, user_answer=body.user_answer
    )
    return DrillResult.of(answer, result)


@router.get("/history", response_model=list[DrillHistoryEntry])
async def drill_history(uow: Uow, user: CurrentUser) -> list[DrillHistoryEntry]:
    answers = await drills.drill_history(uow=uow, user_id=user.user_id)
    return [DrillHistoryEntry.of(answer) for answer in answers]


@router.get("/stats", response_model=DrillStatsOut)
async def drill_stats(uow: Uow, user: CurrentUser) -> DrillStatsOut:
    return DrillStatsOut.of(await drills.get_drill_stats(uow=uow, user_id=user.user_id))
