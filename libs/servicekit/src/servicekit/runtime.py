"""What a service's lifespan builds, and the hooks through which each service plugs in."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Request
from faststream.kafka import KafkaBroker

from servicekit.auth import KeyProvider, TokenVerifier
from servicekit.db import Database, UnitOfWork
from servicekit.inbox import Handler
from servicekit.metrics import ServiceMetrics
from servicekit.outbox import OutboxRelay
from servicekit.settings import ServiceSettings

Check = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class ReadinessCheck:
    """One entry of /ready: `probe` raises when the dependency is away.

    A required check failing makes /ready 503 (this replica cannot serve); any other is
    only reported: the service still answers, degraded, and traffic must keep coming.
    """

    probe: Check
    required: bool


@dataclass
class Runtime:
    """Every long-lived client of one service process, made and closed by its lifespan."""

    settings: ServiceSettings
    metrics: ServiceMetrics
    http: httpx.AsyncClient
    database: Database | None = None
    broker: KafkaBroker | None = None
    broker_connected: asyncio.Event = field(default_factory=asyncio.Event)  # set once, when started
    relay: OutboxRelay | None = None
    verifier: TokenVerifier | None = None
    checks: dict[str, ReadinessCheck] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def require(self, name: str, probe: Check) -> None:
        """A dependency without which this replica cannot serve: /ready fails on it."""
        self.checks[name] = ReadinessCheck(probe, required=True)

    def report(self, name: str, probe: Check) -> None:
        """A dependency /ready only reports: without it the service answers, degraded."""
        self.checks[name] = ReadinessCheck(probe, required=False)

    def unit_of_work(self) -> UnitOfWork:
        assert self.database is not None, "this service has no database"
        return UnitOfWork(
            self.database,
            producer=self.settings.service_name,
            on_commit=self.relay.wake if self.relay is not None else None,
            max_event_bytes=self.settings.outbox_max_event_bytes,
        )


@dataclass(frozen=True)
class Subscription:
    topic: str
    handler: Handler
    # Awaited before each message's transaction opens: backpressure must not hold a lock.
    admit: Callable[[], Awaitable[None]] | None = None


@dataclass(frozen=True)
class ServiceSpec:
    """How one service differs from the others at start-up."""

    title: str
    routers: Sequence[APIRouter]
    uses_database: bool = True
    uses_broker: bool = True
    own_openapi: bool = True  # the gateway serves the merged document of every service instead
    produces: Sequence[str] = ()
    subscriptions: Sequence[Subscription] = ()
    # identity verifies with its own keys; everyone else with identity's JWKS
    local_keys: Callable[[Runtime], Awaitable[KeyProvider]] | None = None
    resources: Callable[[Runtime], AbstractAsyncContextManager[None]] | None = None


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
