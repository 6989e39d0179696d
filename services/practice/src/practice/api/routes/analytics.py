"""`/api/v1/analytics/me`: the calling learner's analytics."""

from dataclasses import asdict

from fastapi import APIRouter

from practice.api.deps import Uow
from practice.api.routes.progress import TimeZone
from practice.api.schemas.analytics import AnalyticsOut
from practice.services.analytics import my_analytics
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])


@router.get("/me", response_model=AnalyticsOut)
async def get_my_analytics(uow: Uow, user: CurrentUser, tz: TimeZone = None) -> AnalyticsOut:
    found = await my_analytics(uow=uow, user_id=user.user_id, tz=tz)
    return AnalyticsOut.model_validate(asdict(found))
