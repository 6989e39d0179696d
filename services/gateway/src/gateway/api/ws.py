"""`WS /api/v1/interviews/{id}/ws`: an interview's events, pushed to its owner's open sockets."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from gateway.fanout.admission import SUBPROTOCOL, admit, token_of
from gateway.fanout.hub import Socket, TooManySockets
from gateway.fanout.session import serve_socket
from gateway.fanout.state import Fanout
from gateway.ratelimit import RateLimits
from servicekit.auth import Principal
from servicekit.errors import RateLimited, ServiceError, problem

router = APIRouter()


@router.websocket("/api/v1/interviews/{interview_id}/ws")
async def interview_events(websocket: WebSocket, interview_id: str) -> None:
    fanout: Fanout = websocket.app.state.runtime.extras["fanout"]
    try:
        token = token_of(
            websocket.scope.get("subprotocols", []), websocket.query_params.get("access_token")
        )
        principal = await admit(
            interview_id=interview_id,
            token=token,
            verifier=websocket.app.state.verifier,
            denylist=getattr(websocket.app.state, "denylist", None),
            owns=fanout.owns,
            throttle=lambda principal: _throttle(websocket, principal),
        )
        socket = Socket(
            interview_id=interview_id,
            user_id=principal.user_id,
            jti=principal.jti,
            capacity=fanout.queue_size,
        )
        try:
            fanout.hub.join(socket)
        except TooManySockets as exc:
            raise RateLimited("Too many open sockets for this interview") from exc
    except ServiceError as exc:
        # Before the upgrade: the client gets an HTTP answer, not a WebSocket close.
        denial = problem(
            exc.status, exc.detail, code=exc.code, title=exc.title, headers=exc.headers or None
        )
        await websocket.send_denial_response(denial)
        return
    offered = [name.lower() for name in websocket.scope.get("subprotocols", [])]
    subprotocol = SUBPROTOCOL if SUBPROTOCOL in offered else None
    try:
        await websocket.accept(subprotocol=subprotocol)
    except BaseException:
        fanout.hub.leave(socket, "handshake")
        raise
    await serve_socket(
        websocket,
        socket,
        hub=fanout.hub,
        metrics=fanout.metrics,
        expires_at=principal.expires_at,
    )


async def _throttle(websocket: WebSocket, principal: Principal) -> None:
    """Opening a socket counts against the user's `interviews` limit, like its HTTP calls."""
    limits: RateLimits = websocket.app.state.runtime.extras["rate_limits"]
    await limits.enforce("interviews", user_id=principal.user_id, address="")
