"""The request middleware every service shares: request id, RED metrics, a log line per request."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.logging import request_id_var
from servicekit.metrics import ServiceMetrics

logger = logging.getLogger("servicekit.request")
REQUEST_ID_HEADER = b"x-request-id"
_UNMATCHED = "<unmatched>"


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            text: str = value.decode("latin-1")
            if 0 < len(text) <= 128 and text.isprintable():
                return text
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's template; a proxy may set a coarser one in `route_template`."""
    if template := scope.get("route_template"):
        return str(template)
    route: Any = scope.get("route")
    return getattr(route, "path", None) or _UNMATCHED


class RequestContextMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware) so streaming and WebSockets pass untouched."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (REQUEST_ID_HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            if route not in ("/health", "/ready", "/metrics"):
                # The path only, never the query string: it can carry tokens.
                logger.info(
                    "%s %s %s",
                    method,
                    scope["path"],
                    status,
                    extra={
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "route": route,
                    },
                )
            request_id_var.reset(token)
