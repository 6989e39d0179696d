"""Forwarding a request to its upstream with aiohttp (httpx's pool collapses under load)."""

from __future__ import annotations

import aiohttp
from fastapi import Request, Response
from multidict import CIMultiDict
from opentelemetry import propagate

from gateway.config import Settings
from gateway.holds import Query, wait_seconds
from gateway.pool import UpstreamPool
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


class PayloadTooLarge(ServiceError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"


class UpstreamUnavailable(ServiceError):
    status, code, title = 503, "UPSTREAM_UNAVAILABLE", "Service Unavailable"


class UpstreamTimeout(ServiceError):
    status, code, title = 504, "UPSTREAM_TIMEOUT", "Gateway Timeout"


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
    # The gateway's span becomes the parent: a client's own traceparent is replaced, not kept.
    for name in ("traceparent", "tracestate"):
        headers.popall(name, None)
    propagate.inject(headers)
    return headers


async def forward(
    pool: UpstreamPool,
    *,
    base_url: str,
    request: Request,
    query: Query,
    body: bytes,
    settings: Settings,
) -> Response:
    # Long polls (`?wait=N`) get N seconds more than the usual timeout.
    timeout = aiohttp.ClientTimeout(
        total=settings.request_timeout_seconds + wait_seconds(query),
        sock_connect=settings.connect_timeout_seconds,
    )
    try:
        async with pool.request(
            request.method,
            base_url + request.url.path,
            params=query,
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
