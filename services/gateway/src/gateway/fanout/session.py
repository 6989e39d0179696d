"""One accepted interview socket: frames out from its queue, closes when the token ends."""

from __future__ import annotations

import asyncio
import contextlib
import time

from starlette.websockets import WebSocket, WebSocketDisconnect

from gateway.fanout.hub import (
    GOING_AWAY,
    SLOW_CLIENT,
    TOKEN_ENDED,
    FanoutHub,
    FanoutMetrics,
    Socket,
)

CLOSE_SECONDS = 2.0  # a client that takes the close frame no faster is left to the TCP timeout


async def serve_socket(
    websocket: WebSocket,
    socket: Socket,
    *,
    hub: FanoutHub,
    metrics: FanoutMetrics,
    expires_at: float,
) -> None:
    """Run until the client leaves or the socket is closed; the hub forgets it either way."""
    loop = asyncio.get_running_loop()
    sender = asyncio.create_task(_send_frames(websocket, socket, metrics))
    # A send blocked on a full TCP buffer is cancelled by a close request (nothing was written).

    def unblock() -> None:
        if socket.sending:
            sender.cancel()

    socket.on_close = unblock
    expiry = loop.call_later(
        max(0.0, expires_at - time.time()), socket.close, TOKEN_ENDED, "token expired"
    )
    reason = "client"
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            # Clients have nothing to say on this socket; what they send is read and dropped.
    except asyncio.CancelledError:
        socket.close(GOING_AWAY, "server shutting down")
        raise
    finally:
        expiry.cancel()
        if socket.closing is not None:
            reason = _reason(socket.closing[0])
        socket.close(GOING_AWAY, "gone")
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        hub.leave(socket, reason)


async def _send_frames(websocket: WebSocket, socket: Socket, metrics: FanoutMetrics) -> None:
    try:
        while (frame := await socket.next()) is not None:
            socket.sending = True
            await websocket.send({"type": "websocket.send", "text": frame.text})
            socket.sending = False
            metrics.delivered(time.time() - frame.published_at)
    except (WebSocketDisconnect, OSError, RuntimeError):
        return  # the client is gone; the receiving side sees the disconnect
    except asyncio.CancelledError:
        if socket.closing is None:
            raise
    socket.sending = False
    if socket.closing is not None:
        code, reason = socket.closing
        with contextlib.suppress(Exception):
            await asyncio.wait_for(websocket.close(code, reason), CLOSE_SECONDS)


def _reason(code: int) -> str:
    names = {TOKEN_ENDED: "token_ended", SLOW_CLIENT: "slow_client", GOING_AWAY: "going_away"}
    return names.get(code, "closed")
