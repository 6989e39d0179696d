"""`/health`, `/ready` and `/metrics`, served the same way by every service.

/ready answers 503 only when a required check fails (the service's own database, the
sandbox): a shared dependency such as the broker or Redis is away for every replica at
once, so failing readiness on it would turn a blip into a full outage. Those are reported,
and the answer says `degraded`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from servicekit.runtime import ReadinessCheck, RuntimeDep
from servicekit.samplers import sample_outbox

logger = logging.getLogger(__name__)
router = APIRouter(tags=["operations"])
CHECK_TIMEOUT_SECONDS = 2.0


@router.get("/health", summary="Liveness")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@dataclass(frozen=True)
class Readiness:
    """What /ready answers: `not_ready` only when a required check is down."""

    status: str  # "ready" | "degraded" | "not_ready"
    checks: dict[str, dict[str, Any]]

    @property
    def http_status(self) -> int:
        return 503 if self.status == "not_ready" else 200


async def assess(
    checks: Mapping[str, ReadinessCheck], *, check_seconds: float = CHECK_TIMEOUT_SECONDS
) -> Readiness:
    """Run every check at once, each bounded by `check_seconds`, and say what they add up to."""
    names = list(checks)
    results = await asyncio.gather(
        *(asyncio.wait_for(checks[name].probe(), check_seconds) for name in names),
        return_exceptions=True,
    )
    report: dict[str, dict[str, Any]] = {}
    required_down = reported_down = False
    for name, result in zip(names, results, strict=True):
        required = checks[name].required
        entry: dict[str, Any] = {"status": "up", "required": required}
        if isinstance(result, BaseException):
            if not isinstance(result, Exception):
                raise result  # cancellation and exits are not a check's answer
            detail = str(result) or type(result).__name__
            entry.update(status="down", detail=detail[:200])
            required_down |= required
            reported_down |= not required
        report[name] = entry
    status = "not_ready" if required_down else "degraded" if reported_down else "ready"
    return Readiness(status, report)


@router.get("/ready", summary="Readiness of this service and what it depends on")
async def ready(runtime: RuntimeDep) -> JSONResponse:
    readiness = await assess(runtime.checks)
    return JSONResponse(
        {
            "status": readiness.status,
            "service": runtime.settings.service_name,
            "checks": readiness.checks,
        },
        status_code=readiness.http_status,
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
