"""`GET /api/v1/system/info`: what this platform runs and which model answers, no auth."""

from fastapi import APIRouter
from pydantic import BaseModel

from coach.api.deps import ActiveProvider

router = APIRouter(prefix="/api/v1/system", tags=["system"])


class SystemInfo(BaseModel):
    name: str
    version: str
    llm_provider: str
    llm_model: str


@router.get("/info", response_model=SystemInfo)
async def system_info(provider: ActiveProvider) -> SystemInfo:
    return SystemInfo(
        name="whetstone", version="0.1.0", llm_provider=provider.name, llm_model=provider.model
    )
