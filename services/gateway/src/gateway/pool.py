"""The gateway's connections to its upstreams: a bounded keep-alive pool, fresh ones to retry."""

from __future__ import annotations

import errno
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp

from gateway.config import Settings

logger = logging.getLogger(__name__)
# aiohttp already retries these once itself (RFC 9112 section 9.3.1).
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# Errors that mean the upstream dropped the connection; a refused connect is not one of them.
_DROPPED = frozenset({errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED})


@dataclass
class _Attempt:
    reused: bool = False


async def _on_reuse(_: aiohttp.ClientSession, context: SimpleNamespace, __: Any) -> None:
    attempt = context.trace_request_ctx
    if isinstance(attempt, _Attempt):
        attempt.reused = True


def _session(
    connector: aiohttp.TCPConnector, *traces: aiohttp.TraceConfig
) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=connector,
        auto_decompress=False,
        skip_auto_headers=("User-Agent",),
        trace_configs=list(traces),
    )


def _dropped_unanswered(exc: aiohttp.ClientError) -> bool:
    """The upstream closed the connection before a byte of the answer (raised before headers)."""
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return True
    return (
        isinstance(exc, aiohttp.ClientOSError)
        and not isinstance(exc, aiohttp.ClientConnectorError)
        and exc.errno in _DROPPED
    )


class UpstreamPool:
    """Sized explicitly: aiohttp's default of 100 in total lets long polls starve everyone."""

    def __init__(self, settings: Settings) -> None:
        reuse = aiohttp.TraceConfig()
        reuse.on_connection_reuseconn.append(_on_reuse)
        self._pooled = _session(
            aiohttp.TCPConnector(
                limit=settings.max_connections,
                limit_per_host=settings.max_connections_per_upstream,
                keepalive_timeout=settings.upstream_keepalive_seconds,
                ttl_dns_cache=300,
            ),
            reuse,
        )
        self._fresh = _session(
            aiohttp.TCPConnector(
                limit=settings.max_connections,
                limit_per_host=settings.max_connections_per_upstream,
                force_close=True,
                ttl_dns_cache=300,
            )
        )

    @asynccontextmanager
    async def request(
        self, method: str, url: str, **options: Any
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """One request; a POST or PATCH is sent again, once and on a fresh connection, when the
        kept-alive connection it went out on was dropped without a byte of answer.

        Our services only drop a connection unanswered when it was idle and being closed (keep-alive
        expiry, shutdown) or when the process dies; only the last may have done the work, and that
        is the risk taken.
        """
        attempt = _Attempt()
        try:
            response = await self._pooled.request(method, url, trace_request_ctx=attempt, **options)
        except aiohttp.ClientError as exc:
            if method in IDEMPOTENT or not attempt.reused or not _dropped_unanswered(exc):
                raise
            logger.warning("upstream dropped a kept-alive connection; sending again: %s", method)
            response = await self._fresh.request(method, url, **options)
        async with response:
            yield response

    @property
    def closed(self) -> bool:
        return self._pooled.closed or self._fresh.closed

    async def close(self) -> None:
        await self._pooled.close()
        await self._fresh.close()
