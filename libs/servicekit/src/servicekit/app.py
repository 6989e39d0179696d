"""`create_service_app`: the one way every service is assembled and started."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from redis.asyncio import Redis

from servicekit.admin import router as dead_letters_router
from servicekit.auth import Denylist, JwksCache, KeyProvider, TokenVerifier
from servicekit.connector import BROKER_STOP_SECONDS, BrokerConnector
from servicekit.db import Database
from servicekit.docs import install_docs
from servicekit.errors import UnhandledErrorMiddleware, install_problem_handlers
from servicekit.health import router as health_router
from servicekit.inbox import IdempotentConsumer
from servicekit.leases import lease_for
from servicekit.logging import configure_logging
from servicekit.messaging import (
    TopicKeeper,
    broker_publisher,
    broker_security,
    create_broker,
    subscribe,
)
from servicekit.metrics import ServiceMetrics
from servicekit.middleware import RequestContextMiddleware
from servicekit.outages import install_outage_handlers
from servicekit.outbox import OutboxRelay
from servicekit.revocation import MemoryDenylist, RedisDenylist
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.samplers import run_every, sample_lag
from servicekit.settings import ServiceSettings
from servicekit.telemetry import configure_tracing, inject_trace_headers, instrument_app
from servicekit.trust import TOPICS as TRUST_TOPICS
from servicekit.trust import BrokerTrust

logger = logging.getLogger(__name__)
TASK_STOP_SECONDS = 10.0


def create_service_app(settings: ServiceSettings, spec: ServiceSpec) -> FastAPI:
    """Build the FastAPI app; every client is made in its lifespan, none at import time."""
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    metrics = ServiceMetrics(settings.service_name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            http = await stack.enter_async_context(
                httpx.AsyncClient(timeout=10.0, event_hooks={"request": [_inject_trace]})
            )
            runtime = Runtime(settings=settings, metrics=metrics, http=http)
            app.state.runtime = runtime
            tasks: list[asyncio.Task[None]] = []
            stack.push_async_callback(_cancel, tasks)  # when starting fails part way
            if spec.uses_database:
                runtime.database = Database(settings.database_url)
                stack.push_async_callback(runtime.database.dispose)
                runtime.require("database", runtime.database.ping)
            if spec.uses_broker:
                await _start_messaging(runtime, spec, stack, tasks)
            app.state.denylist = await _start_verifier(runtime, spec, stack, tasks)
            app.state.verifier = runtime.verifier
            # Background work stops first, while the broker and the database it uses are up.
            stack.push_async_callback(_cancel, tasks)
            if spec.resources is not None:
                await stack.enter_async_context(spec.resources(runtime))
            logger.info("started", extra={"port": settings.port})
            yield
            logger.info("stopping")

    app = FastAPI(
        title=spec.title,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if spec.own_openapi else None,
    )
    app.state.settings = settings
    app.state.consumed_topics = tuple(s.topic for s in spec.subscriptions)
    install_problem_handlers(app)
    install_outage_handlers(app)
    # Inside the request context, so the 500 it answers carries the request id and is counted.
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    app.include_router(health_router)
    if spec.uses_broker:
        app.include_router(dead_letters_router)
    for router in spec.routers:
        app.include_router(router)
    install_docs(app, spec.title)
    instrument_app(app)
    return app


async def _start_messaging(
    runtime: Runtime, spec: ServiceSpec, stack: AsyncExitStack, tasks: list[asyncio.Task[None]]
) -> None:
    """Build the broker and the relay; connecting is left to a background task.

    The lifespan never waits for the broker: a service starts and serves while it is away,
    its events waiting in the outbox (docs/operations.md, "Readiness").
    """
    settings = runtime.settings
    topics = [*spec.produces, *(s.topic for s in spec.subscriptions)]
    if settings.trust_from_broker:  # its reader waits for them: they must exist without identity
        topics += TRUST_TOPICS
    security = broker_security(settings)
    keeper = TopicKeeper(
        settings.kafka_bootstrap_servers,
        topics,
        replication_factor=settings.kafka_topic_replication_factor,
        security=security,
    )
    broker = create_broker(
        settings.kafka_bootstrap_servers, client_id=settings.service_name, security=security
    )
    runtime.broker = broker
    _wire_outbox_and_consumers(runtime, spec, broker)
    connector = BrokerConnector(broker, keeper)
    # Stops the broker only if a start was begun: a shutdown while connecting is prompt.
    stack.push_async_callback(_stop_within, BROKER_STOP_SECONDS, "broker", connector.stop)
    # Reported, not required: while the broker is away (or not connected yet) the API answers
    # and the outbox holds the events; consumers and the relay catch up by themselves.
    runtime.report("broker", connector.check)
    runtime.report("topics", connector.check_topics)
    if runtime.relay is not None:  # from the start: "not connected" is broker away to it
        tasks.append(asyncio.create_task(runtime.relay.run(), name="outbox-relay"))

    async def connect_then_watch() -> None:
        await connector.connect()
        runtime.broker_connected.set()
        if runtime.relay is not None:
            runtime.relay.wake()  # what waited goes out now, not at the next poll
        tasks.append(asyncio.create_task(keeper.run(), name="topic-keeper"))
        if spec.subscriptions:
            tasks.append(_lag_sampler(runtime, broker))

    tasks.append(asyncio.create_task(connect_then_watch(), name="broker-connect"))


def _wire_outbox_and_consumers(runtime: Runtime, spec: ServiceSpec, broker: KafkaBroker) -> None:
    """The relay and the subscribers; nothing here touches the network."""
    if runtime.database is None:
        return
    settings = runtime.settings
    publish = broker_publisher(broker)
    runtime.relay = OutboxRelay(
        runtime.database,
        publish,
        poll_seconds=settings.outbox_poll_seconds,
        max_attempts=settings.outbox_max_attempts,
        on_published=runtime.metrics.observe_published,
        lease=lease_for(runtime.database, f"{settings.service_name}.outbox-relay"),
    )
    consumer = IdempotentConsumer(
        runtime.database,
        name=settings.consumer_group,
        unit_of_work=runtime.unit_of_work,
        publish=publish,
        observe=runtime.metrics.observe_message,
        on_dead_letter=runtime.metrics.observe_dead_letter,
    )
    for subscription in spec.subscriptions:
        subscribe(
            broker,
            topic=subscription.topic,
            group_id=settings.consumer_group,
            consumer=consumer,
            handler=subscription.handler,
            session_timeout_ms=settings.kafka_session_timeout_ms,
            admit=subscription.admit,
        )


def _lag_sampler(runtime: Runtime, broker: KafkaBroker) -> asyncio.Task[None]:
    async def sample() -> None:
        # A subscriber's consumer exists while it runs; FastStream re-creates it on restart.
        members = (getattr(subscriber, "consumer", None) for subscriber in broker.subscribers)
        consumers = [member for member in members if member is not None]
        await sample_lag(runtime.metrics, runtime.settings.consumer_group, consumers)

    seconds = runtime.settings.lag_sample_seconds
    return asyncio.create_task(run_every(seconds, sample, what="consumer lag"), name="lag-gauges")


async def _start_verifier(
    runtime: Runtime, spec: ServiceSpec, stack: AsyncExitStack, tasks: list[asyncio.Task[None]]
) -> Denylist:
    """The verifier's keys and the denylist: identity's own, identity's topics, or its JWKS
    and the shared Redis."""
    settings = runtime.settings
    if settings.trust_from_broker:
        trust = BrokerTrust(
            settings.kafka_bootstrap_servers,
            max_staleness=settings.trust_max_staleness_seconds,
            client_id=f"{settings.service_name}-trust",
            security=broker_security(settings),
        )
        tasks.append(asyncio.create_task(trust.reader.run(), name="identity-trust"))
        runtime.report("identity_topics", trust.check)
        runtime.verifier = _verifier(settings, trust)
        return trust
    if spec.local_keys is not None:
        keys = await spec.local_keys(runtime)
    else:
        jwks = JwksCache(settings.jwks_url, refresh_seconds=settings.jwks_refresh_seconds)
        tasks.append(asyncio.create_task(jwks.run(runtime.http), name="jwks-refresh"))
        keys = jwks
    runtime.verifier = _verifier(settings, keys)
    return await _denylist(runtime, stack)


def _verifier(settings: ServiceSettings, keys: KeyProvider) -> TokenVerifier:
    return TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)


async def _denylist(runtime: Runtime, stack: AsyncExitStack) -> Denylist:
    """Redis when configured (shared by all services), else this process's memory."""
    if runtime.settings.redis_url is None:
        return MemoryDenylist()
    redis = Redis.from_url(runtime.settings.redis_url)
    stack.push_async_callback(redis.aclose)

    async def redis_ready() -> None:
        await redis.ping()

    runtime.report("redis", redis_ready)  # shared by every replica: see docs/operations.md
    return RedisDenylist(redis)


async def _inject_trace(request: httpx.Request) -> None:
    inject_trace_headers(request)


async def _stop_within(seconds: float, what: str, stop: Callable[[], Awaitable[None]]) -> None:
    """A stop that hangs (a consumer group's join in flight) must not hold the whole shutdown."""
    try:
        await asyncio.wait_for(stop(), seconds)
    except TimeoutError:
        logger.warning("%s did not stop within %s s; going on", what, seconds)


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    """Stop background work; a task that outlives its cancellation is named, not awaited forever."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    done, pending = await asyncio.wait(tasks, timeout=TASK_STOP_SECONDS)
    for task in pending:
        logger.warning("%s did not stop within %s s; going on", task.get_name(), TASK_STOP_SECONDS)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            logger.error("%s had failed", task.get_name(), exc_info=task.exception())
