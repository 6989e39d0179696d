"""The gateway's own routes: the public API catch-all, which proxies to the owning service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from gateway.config import Settings
from gateway.holds import WaitHolds
from gateway.proxy import forward, read_body
from gateway.ratelimit import Decision, RateLimits
from gateway.routing import resolve
from servicekit.auth import Principal, optional_principal
from servicekit.errors import NotFound
from servicekit.net import client_address
from servicekit.runtime import Runtime

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
    runtime: Runtime = request.app.state.runtime
    settings = runtime.settings
    assert isinstance(settings, Settings)
    # A present token must be valid here already; absent ones are for the service to judge.
    principal = await optional_principal(request)
    address = client_address(request, settings.trusted_proxies)
    decision = await _rate_limit(runtime, request, principal, address)
    body = await read_body(request, settings.max_body_bytes)
    holds: WaitHolds = runtime.extras["holds"]
    who = f"user:{principal.user_id}" if principal else f"ip:{address}"
    with holds.admit(who, list(request.query_params.multi_items())) as query:
        response = await forward(
            runtime.extras["pool"],
            base_url=settings.upstreams()[route.service],
            request=request,
            query=query,
            body=body,
            settings=settings,
        )
    if decision is not None:
        response.headers.update(decision.headers())
    return response


async def _rate_limit(
    runtime: Runtime, request: Request, principal: Principal | None, address: str
) -> Decision | None:
    """The decision of the limit covering this request, if any; 429 past it."""
    limits: RateLimits = runtime.extras["rate_limits"]
    scope = limits.scope_of(request.method, request.url.path)
    if scope is None:
        return None
    return await limits.enforce(
        scope, user_id=principal.user_id if principal else None, address=address
    )
