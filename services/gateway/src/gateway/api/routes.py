"""The gateway's own routes: the public API catch-all, which proxies to the owning service."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from gateway.config import Settings
from gateway.proxy import forward, read_body
from gateway.routing import resolve
from servicekit.auth import optional_principal
from servicekit.errors import NotFound

router = APIRouter()
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


@router.api_route("/api/v1/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(request: Request) -> Response:
    route = resolve(request.url.path)
    if route is None:
        raise NotFound(f"No such resource: {request.url.path}")
    request.scope["route_template"] = route.template  # RED metrics per owning prefix
    runtime = request.app.state.runtime
    settings: Settings = runtime.settings
    # A present token must be valid here already; absent ones are for the service to judge.
    await optional_principal(request)
    body = await read_body(request, settings.max_body_bytes)
    return await forward(
        runtime.extras["session"],
        base_url=settings.upstreams()[route.service],
        request=request,
        body=body,
        settings=settings,
    )
