"""One error base per service family and the handlers that answer problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger(__name__)

_STATUS_CODES = {
    400: ("Bad Request", "BAD_REQUEST"),
    401: ("Unauthenticated", "UNAUTHENTICATED"),
    403: ("Forbidden", "FORBIDDEN"),
    404: ("Not Found", "NOT_FOUND"),
    405: ("Method Not Allowed", "METHOD_NOT_ALLOWED"),
    409: ("Conflict", "CONFLICT"),
    413: ("Payload Too Large", "PAYLOAD_TOO_LARGE"),
    415: ("Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE"),
    422: ("Validation Error", "VALIDATION_ERROR"),
    425: ("Too Early", "TOO_EARLY"),
    429: ("Too Many Requests", "RATE_LIMITED"),
    500: ("Internal Error", "INTERNAL_ERROR"),
    503: ("Service Unavailable", "UPSTREAM_UNAVAILABLE"),
    504: ("Gateway Timeout", "UPSTREAM_TIMEOUT"),
}


class ServiceError(Exception):
    """An expected failure with its HTTP status and stable machine `code`."""

    status: int = 400
    code: str = "BAD_REQUEST"
    title: str = "Bad Request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.headers = headers or {}
        self.errors = errors


class Unauthenticated(ServiceError):
    status, code, title = 401, "UNAUTHENTICATED", "Unauthenticated"

    def __init__(self, detail: str = "Missing or invalid credentials", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(ServiceError):
    status, code, title = 403, "FORBIDDEN", "Forbidden"


class NotFound(ServiceError):
    status, code, title = 404, "NOT_FOUND", "Not Found"


class Conflict(ServiceError):
    status, code, title = 409, "CONFLICT", "Conflict"


class InvalidState(ServiceError):
    status, code, title = 409, "INVALID_STATE", "Invalid State"


class ValidationFailed(ServiceError):
    status, code, title = 422, "VALIDATION_ERROR", "Validation Error"


class TooEarly(ServiceError):
    status, code, title = 425, "TOO_EARLY", "Too Early"


class RateLimited(ServiceError):
    status, code, title = 429, "RATE_LIMITED", "Too Many Requests"


class Unavailable(ServiceError):
    status, code, title = 503, "UPSTREAM_UNAVAILABLE", "Service Unavailable"


BROKER_NOT_CONNECTED = "The event broker is not connected; try again shortly"
BROKER_RETRY_AFTER_SECONDS = 5


class BrokerUnavailable(Unavailable):
    """The broker is not connected (yet, or any more): the outbox relay retries it later."""

    code = "BROKER_UNAVAILABLE"

    def __init__(self, detail: str = BROKER_NOT_CONNECTED) -> None:
        super().__init__(detail, headers={"Retry-After": str(BROKER_RETRY_AFTER_SECONDS)})


def problem(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build a problem+json response."""
    default_title, default_code = _STATUS_CODES.get(status, ("Error", "ERROR"))
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or default_title,
        "status": status,
        "detail": detail,
        "code": code or default_code,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return problem(
        exc.status,
        exc.detail,
        code=exc.code,
        title=exc.title,
        errors=exc.errors,
        headers=exc.headers,
    )


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    return problem(422, "The request is not valid", errors=errors)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))


def _internal_error() -> JSONResponse:
    return problem(500, "An unexpected error occurred")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return _internal_error()


class UnhandledErrorMiddleware:
    """Answers an unhandled exception with a 500 problem+json and swallows it.

    Starlette's outermost middleware re-raises after answering, and uvicorn then closes the
    keep-alive connection: the gateway's next request on it would fail with a 503.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if started:
                raise  # half an answer is out: only closing the connection ends it
            await _internal_error()(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error a service raises leaves as problem+json, never as a stack trace."""
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # The last resort, for errors in the middleware outside UnhandledErrorMiddleware.
    app.add_exception_handler(Exception, _unexpected)
