"""The fan-out of one gateway process: its hub, the topic reader and the revocation sweep."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from redis.exceptions import RedisError

from gateway.config import Settings
from gateway.fanout.admission import OwnershipCheck, practice_ownership
from gateway.fanout.hub import GOING_AWAY, TOKEN_ENDED, FanoutHub
from gateway.fanout.metrics import PrometheusFanoutMetrics
from gateway.fanout.reader import interview_reader
from gateway.pool import UpstreamPool
from servicekit.auth import Denylist
from servicekit.messaging import broker_security
from servicekit.runtime import Runtime
from servicekit.topicreader import TopicReader

logger = logging.getLogger(__name__)


@dataclass
class Fanout:
    hub: FanoutHub
    metrics: PrometheusFanoutMetrics
    owns: OwnershipCheck
    queue_size: int
    reader: TopicReader


async def sweep_revoked(hub: FanoutHub, denylist: Denylist) -> int:
    """Close every socket whose token was revoked since it opened; how many were closed."""
    sockets = list(hub.sockets())
    revoked = await denylist.revoked_among({socket.jti for socket in sockets})
    closed = 0
    for socket in sockets:
        if socket.jti in revoked:
            socket.close(TOKEN_ENDED, "token revoked")
            closed += 1
    return closed


async def _keep_sweeping(hub: FanoutHub, denylist: Denylist, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            await sweep_revoked(hub, denylist)
        except (RedisError, OSError) as exc:
            logger.warning("could not check revoked tokens", extra={"error": str(exc)})


@asynccontextmanager
async def running_fanout(
    runtime: Runtime, settings: Settings, pool: UpstreamPool, denylist: Denylist | None
) -> AsyncIterator[Fanout]:
    """The fan-out, reading the topic from its end until the gateway stops."""
    metrics = PrometheusFanoutMetrics(runtime.metrics.registry)
    hub = FanoutHub(
        max_per_interview=settings.ws_max_sockets_per_interview,
        max_sockets=settings.ws_max_sockets,
        metrics=metrics,
    )
    timeout = aiohttp.ClientTimeout(
        total=settings.request_timeout_seconds, sock_connect=settings.connect_timeout_seconds
    )
    owns = practice_ownership(pool, practice_url=settings.practice_url, timeout=timeout)
    reader = interview_reader(
        settings.kafka_bootstrap_servers, hub, security=broker_security(settings)
    )
    # In the background: a broker that is away at start is retried there, never waited for.
    tasks = [asyncio.create_task(reader.run(), name="interview-events")]
    if denylist is not None:
        every = settings.ws_revocation_check_seconds
        tasks.append(asyncio.create_task(_keep_sweeping(hub, denylist, every), name="ws-revoked"))
    try:
        yield Fanout(hub, metrics, owns, settings.ws_queue_size, reader)
    finally:
        hub.close_all(GOING_AWAY, "server shutting down")
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
