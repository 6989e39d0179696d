"""The gateway's own routes: the public API catch-all, which proxies to the owning service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from gateway.config import Settings
from gateway.proxy import forward, read_body
from gateway.ratelimit import RateLimits
from gateway.routing import resolve
from servicekit.auth import optional_principal
from servicekit.errors import NotFound, RateLimited
from servicekit.net import client_address

router = APIRouter()
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> dict[str, Any]:
    document: dict[str, Any] = request.app.state.runtime.extras["openapi"].document
    return document


@router.api_route("/api/v1/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(request: Request) -> Response:
    route = resolve(request.url.path)
    if route is None:
        raise NotFound(f"No such resource: {request.url.path}")
    request.scope["route_template"] = route.template  # RED metrics per owning prefix
    runtime = request.app.state.runtime
    settings: Settings = runtime.settings
    # A present token must be valid here already; absent ones are for the service to judge.
    principal = await optional_principal(request)
    decision = None
    limits: RateLimits = runtime.extras["rate_limits"]
    if scope := limits.scope_of(request.method, request.url.path):
        decision = await limits.check(
            scope,
            user_id=principal.user_id if principal else None,
            address=client_address(request, settings.trusted_proxies),
        )
        if not decision.allowed:
            raise TooManyRequests(decision.headers())
    body = await read_body(request, settings.max_body_bytes)
    response = await forward(
        runtime.extras["session"],
        base_url=settings.upstreams()[route.service],
        request=request,
        body=body,
        settings=settings,
    )
    if decision is not None:
        response.headers.update(decision.headers())
    return response


class TooManyRequests(RateLimited):
    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("Too many requests; slow down", headers=headers)
