"""`/api/v1/admin/stats`: platform-wide counts for admins."""

from dataclasses import asdict

from fastapi import APIRouter

from practice.api.deps import Uow
from practice.api.schemas.admin_stats import PlatformStatsOut
from practice.services.admin_stats import platform_stats
from servicekit.auth import AdminUser

router = APIRouter(prefix="/api/v1/admin/stats", tags=["admin"])


@router.get("", response_model=PlatformStatsOut)
async def get_platform_stats(uow: Uow, _: AdminUser) -> PlatformStatsOut:
    return PlatformStatsOut(**asdict(await platform_stats(uow=uow)))
