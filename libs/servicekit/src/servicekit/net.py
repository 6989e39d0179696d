"""Who is calling: the socket peer, or the client a trusted proxy forwarded."""

from __future__ import annotations

from collections.abc import Collection

from starlette.requests import Request


def client_address(request: Request, trusted_proxies: Collection[str]) -> str:
    """The right-most X-Forwarded-For hop that is not a trusted proxy.

    Hops left of a trusted proxy's entry could be written by anyone, so a forged
    header never moves the address a limit is counted against.
    """
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return peer
