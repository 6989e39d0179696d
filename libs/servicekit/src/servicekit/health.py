"""`/health`, `/ready` and `/metrics`, served the same way by every service."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from servicekit.runtime import RuntimeDep
from servicekit.samplers import sample_outbox

logger = logging.getLogger(__name__)
router = APIRouter(tags=["operations"])
CHECK_TIMEOUT_SECONDS = 2.0


@router.get("/health", summary="Liveness")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness of this service and what it depends on")
async def ready(runtime: RuntimeDep) -> JSONResponse:
    names = list(runtime.checks)
    results = await asyncio.gather(
        *(asyncio.wait_for(runtime.checks[name](), CHECK_TIMEOUT_SECONDS) for name in names),
        return_exceptions=True,
    )
    checks: dict[str, dict[str, str]] = {}
    for name, result in zip(names, results, strict=True):
        if isinstance(result, BaseException):
            detail = str(result) or type(result).__name__
            checks[name] = {"status": "down", "detail": detail[:200]}
        else:
            checks[name] = {"status": "up"}
    ok = all(check["status"] == "up" for check in checks.values())
    return JSONResponse(
        {
            "status": "ready" if ok else "not_ready",
            "service": runtime.settings.service_name,
            "checks": checks,
        },
        status_code=200 if ok else 503,
    )


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(runtime: RuntimeDep) -> Response:
    if runtime.relay is not None:
        try:
            # One query per scrape, bounded: a slow database must not time the scrape out.
            await asyncio.wait_for(
                sample_outbox(runtime.metrics, runtime.relay), CHECK_TIMEOUT_SECONDS
            )
        except Exception:  # a scrape must not fail because the database is away
            logger.debug("could not read the outbox backlog", exc_info=True)
    return Response(runtime.metrics.render(), media_type=runtime.metrics.content_type)
