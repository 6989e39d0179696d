"""Connecting to the broker in the background, so a service starts and serves without it.

Readiness means "I can serve": a service whose database answers takes requests while the
broker is away, at start-up as later. Events wait in the outbox meanwhile (the relay counts
"not connected" as broker away), and /ready reports the broker down until it connects.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from faststream.kafka import KafkaBroker

from servicekit.messaging import TopicKeeper

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 30.0
# A broker that stays away is logged on the first failure, then this rarely: not every try.
LOG_EVERY_SECONDS = 300.0
# A broker stop that hangs (a consumer group's join in flight) is given up after this.
BROKER_STOP_SECONDS = 10.0


async def retry_until_done(
    attempt: Callable[[], Awaitable[None]],
    *,
    what: str,
    first_seconds: float = FIRST_RETRY_SECONDS,
    max_seconds: float = MAX_RETRY_SECONDS,
    log_every_seconds: float = LOG_EVERY_SECONDS,
) -> int:
    """Await `attempt` until it succeeds, waiting `first_seconds` doubling to `max_seconds`
    between tries; return how many tries failed."""
    loop = asyncio.get_running_loop()
    failures = 0
    logged_at: float | None = None
    while True:
        try:
            await attempt()
            return failures
        except Exception as exc:  # whatever stops the start is retried: the cause is logged
            failures += 1
            if logged_at is None or loop.time() - logged_at >= log_every_seconds:
                logged_at = loop.time()
                logger.warning(
                    "could not connect to %s; retrying in the background",
                    what,
                    extra={"error": f"{type(exc).__name__}: {exc}", "failures": failures},
                )
        await asyncio.sleep(min(first_seconds * 2 ** (failures - 1), max_seconds))


class BrokerConnector:
    """Ensures a service's topics and starts its broker (producer and subscribers)."""

    def __init__(
        self,
        broker: KafkaBroker,
        keeper: TopicKeeper,
        *,
        first_retry_seconds: float = FIRST_RETRY_SECONDS,
        max_retry_seconds: float = MAX_RETRY_SECONDS,
    ) -> None:
        self._broker = broker
        self._keeper = keeper
        self._first_retry = first_retry_seconds
        self._max_retry = max_retry_seconds
        self.begun = False  # a start is under way or done: the broker has clients to close

    @property
    def connected(self) -> bool:
        return bool(self._broker.running)

    async def connect(self) -> None:
        """Return once the broker has started; retried (see `retry_until_done`) until then."""
        failures = await retry_until_done(
            self._try_once,
            what="the broker",
            first_seconds=self._first_retry,
            max_seconds=self._max_retry,
        )
        logger.info("connected to the broker", extra={"failures": failures})

    async def _try_once(self) -> None:
        # Topics first, with a client of their own: it is cheap to fail, and subscribers
        # join topics that exist. Only then is the broker, with its producer, started.
        await self._keeper.ensure(attempts=1)
        self.begun = True
        try:
            await self._broker.start()
        except Exception:
            # Close what the failed start opened, so the next try starts clean.
            async with asyncio.timeout(BROKER_STOP_SECONDS):
                await self.stop()
            raise

    async def stop(self) -> None:
        """Stop the broker if a start was begun; a cancelled start is cleaned up here too."""
        if self.begun:
            self.begun = False
            await self._broker.stop()

    async def check(self) -> None:
        """For /ready: connected, and the broker answers."""
        self._require_connected()
        if not await self._broker.ping(timeout=1.0):
            raise ConnectionError("broker unreachable")

    async def check_topics(self) -> None:
        """For /ready: every topic exists; not asked of the broker before connecting (the
        connect task is already trying, and each probe would log aiokafka's own errors)."""
        self._require_connected()
        await self._keeper.check()

    def _require_connected(self) -> None:
        if not self.connected:
            raise ConnectionError("not connected to the broker yet")
