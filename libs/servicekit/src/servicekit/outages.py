"""A database that is briefly away is a 503 the client may retry, never a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from servicekit.errors import problem

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def is_outage(exc: BaseException) -> bool:
    """The database cannot be reached now, as opposed to a query or schema that is wrong."""
    if isinstance(exc, ConnectionError | PoolTimeout):  # asyncpg lets the socket's error through
        return True
    if isinstance(exc, DBAPIError):
        return (
            exc.connection_invalidated
            or isinstance(exc.orig, OSError)
            or "database is locked" in str(exc.orig)
        )
    return False


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    where = f"{request.method} {request.url.path}"
    if not is_outage(exc):
        logger.exception("unhandled database error on %s", where)
        return problem(500, "An unexpected error occurred")
    logger.warning("database unavailable on %s: %s", where, type(exc).__name__)
    return problem(
        503,
        "The service's database is briefly unavailable; try again shortly",
        code="DATABASE_UNAVAILABLE",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install_outage_handlers(app: FastAPI) -> None:
    for kind in (ConnectionError, PoolTimeout, DBAPIError):
        app.add_exception_handler(kind, _database_error)
