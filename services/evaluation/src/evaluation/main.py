"""Assembles the evaluation service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from contracts import topics
from evaluation.api.routes import evaluations, runs
from evaluation.config import Settings
from evaluation.events.subscribers import subscriptions
from evaluation.pool import JudgePool, PoolConfig
from evaluation.sandbox import Sandbox, SandboxConfig
from servicekit.app import create_service_app
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    config = settings or Settings()
    assert isinstance(config, Settings)
    pool = JudgePool(pool_config(config))

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        sandbox = Sandbox(sandbox_config(config))
        runtime.extras["sandbox"] = sandbox
        runtime.extras["pool"] = pool
        runtime.require("sandbox", sandbox.check)  # without it every run is an internal_error
        await pool.start(runtime, sandbox)
        try:
            yield
        finally:
            await pool.stop()

    return create_service_app(
        config,
        ServiceSpec(
            title="Whetstone evaluation",
            routers=[evaluations.router, runs.router],
            produces=[topics.EVALUATION_RESULTS],
            subscriptions=subscriptions(pool),
            resources=resources,
        ),
    )


def sandbox_config(settings: Settings) -> SandboxConfig:
    return SandboxConfig(
        bwrap_bin=settings.bwrap_bin,
        allow_unsandboxed=settings.allow_unsandboxed,
        work_root=settings.work_root,
        cgroup_root=settings.cgroup_root,
    )


def pool_config(settings: Settings) -> PoolConfig:
    return PoolConfig(
        workers=settings.workers,
        max_pending=settings.max_pending_runs,
        max_jobs_per_user=settings.max_jobs_per_user,
        max_running_per_user=settings.max_running_per_user,
        max_attempts=settings.max_attempts,
        lease_seconds=settings.lease_seconds,
        sweep_seconds=settings.sweep_seconds,
        replica=settings.replica_id,
    )
