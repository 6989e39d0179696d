"""Forwarding a request to its upstream with aiohttp (httpx's pool collapses under load)."""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp
from fastapi import Request, Response
from multidict import CIMultiDict

from gateway.config import Settings
from servicekit.errors import ServiceError
from servicekit.logging import request_id_var

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
MAX_WAIT_SECONDS = 30.0


class PayloadTooLarge(ServiceError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"


class UpstreamUnavailable(ServiceError):
    status, code, title = 503, "UPSTREAM_UNAVAILABLE", "Service Unavailable"


class UpstreamTimeout(ServiceError):
    status, code, title = 504, "UPSTREAM_TIMEOUT", "Gateway Timeout"


def create_session(settings: Settings) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(
        limit_per_host=settings.max_connections_per_upstream,
        ttl_dns_cache=300,
        keepalive_timeout=30,
    )
    return aiohttp.ClientSession(
        connector=connector, auto_decompress=False, skip_auto_headers=("User-Agent",)
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused past `limit` bytes whether or not a Content-Length was sent."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def forwarded_headers(request: Request) -> CIMultiDict[str]:
    headers: CIMultiDict[str] = CIMultiDict(
        (k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP
    )
    client = request.client.host if request.client else ""
    prior = request.headers.get("x-forwarded-for")
    headers["X-Forwarded-For"] = f"{prior}, {client}" if prior else client
    headers["X-Forwarded-Proto"] = request.url.scheme
    if request_id := request_id_var.get():
        headers["X-Request-ID"] = request_id
    return headers


def timeout_for(request: Request, settings: Settings) -> float:
    """Long polls (`?wait=N`) get N seconds more than the usual timeout."""
    try:
        wait = min(float(request.query_params.get("wait", 0)), MAX_WAIT_SECONDS)
    except ValueError:
        wait = 0.0
    return settings.request_timeout_seconds + max(wait, 0.0)


async def forward(
    session: aiohttp.ClientSession,
    *,
    base_url: str,
    request: Request,
    body: bytes,
    settings: Settings,
) -> Response:
    url = base_url + request.url.path
    timeout = aiohttp.ClientTimeout(
        total=timeout_for(request, settings), sock_connect=settings.connect_timeout_seconds
    )
    try:
        async with session.request(
            request.method,
            url,
            params=_query(request),
            data=body or None,
            headers=forwarded_headers(request),
            timeout=timeout,
            allow_redirects=False,
        ) as upstream:
            content = await upstream.read()
            headers = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
            return Response(content=content, status_code=upstream.status, headers=headers)
    except TimeoutError as exc:
        raise UpstreamTimeout("The service did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamUnavailable("The service is unavailable") from exc


def _query(request: Request) -> Mapping[str, str] | list[tuple[str, str]]:
    return list(request.query_params.multi_items())
