"""`GET /api/v1/system/info`: what this platform runs, no auth."""

from fastapi import APIRouter
from pydantic import BaseModel

from coach.config import Settings
from servicekit.runtime import RuntimeDep

router = APIRouter(prefix="/api/v1/system", tags=["system"])


class SystemInfo(BaseModel):
    name: str
    version: str
    llm_provider: str
    llm_model: str


@router.get("/info", response_model=SystemInfo)
async def system_info(runtime: RuntimeDep) -> SystemInfo:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return SystemInfo(
        name="whetstone",
        version="0.1.0",
        llm_provider=settings.llm_provider,
        llm_model=settings.llm_model,
    )
