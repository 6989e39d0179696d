"""A bounded pool of sandbox workers fed from the runs table, with backpressure for the consumer."""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress

from prometheus_client import Counter, Gauge, Histogram

from contracts.practice import ProjectSpec
from evaluation.db.repositories import Runs
from evaluation.db.tables import EvaluationRun
from evaluation.domain.runs import RunStatus
from evaluation.sandbox import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    Sandbox,
    TestCase,
)
from evaluation.services.projects import test_project
from evaluation.services.runs import claim_run, complete_project_run, complete_run
from servicekit.metrics import ServiceMetrics
from servicekit.runtime import Runtime

logger = logging.getLogger(__name__)
RESCAN_SECONDS = 5.0


class PoolMetrics:
    def __init__(self, metrics: ServiceMetrics) -> None:
        registry = metrics.registry
        self.runs = Counter(
            "sandbox_runs_total", "Sandbox runs by verdict", ["verdict"], registry=registry
        )
        self.queue_depth = Gauge(
            "evaluation_queue_depth", "Runs waiting for a sandbox", registry=registry
        )
        self.busy = Gauge("evaluation_workers_busy", "Sandboxes running now", registry=registry)
        self.duration = Histogram(
            "sandbox_run_duration_seconds",
            "Time to judge one submission",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=registry,
        )


class JudgePool:
    """`workers` sandboxes at most; run ids arrive on commit and from a periodic rescan."""

    _runtime: Runtime
    _sandbox: Sandbox
    metrics: PoolMetrics

    def __init__(self, *, workers: int, max_pending: int) -> None:
        self._workers = workers
        self._max_pending = max_pending
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._queued: set[str] = set()
        self._room = asyncio.Condition()
        self._tasks: list[asyncio.Task[None]] = []

    def submit(self, run_id: str) -> None:
        if run_id not in self._queued:
            self._queued.add(run_id)
            self._queue.put_nowait(run_id)
            self.metrics.queue_depth.set(len(self._queued))

    @property
    def pending(self) -> int:
        return len(self._queued)

    async def wait_for_room(self) -> None:
        """Backpressure: the consumer waits here while too many runs are pending."""
        async with self._room:
            await self._room.wait_for(lambda: len(self._queued) < self._max_pending)

    async def start(self, runtime: Runtime, sandbox: Sandbox) -> None:
        """Re-queue runs a crash left running, then start the workers."""
        self._runtime, self._sandbox = runtime, sandbox
        self.metrics = PoolMetrics(runtime.metrics)
        async with self._runtime.unit_of_work() as uow:
            requeued = await Runs(uow.session).requeue_running()
            await uow.commit()
        if requeued:
            logger.warning("re-queued runs interrupted by a restart", extra={"count": requeued})
        self._tasks = [
            asyncio.create_task(self._work(), name=f"judge-{i}") for i in range(self._workers)
        ]
        self._tasks.append(asyncio.create_task(self._rescan(), name="judge-rescan"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task

    async def _rescan(self) -> None:
        while True:
            try:
                async with self._runtime.unit_of_work() as uow:
                    for run_id in await Runs(uow.session).ids_with_status(RunStatus.QUEUED):
                        self.submit(run_id)
            except Exception:
                logger.warning("could not scan for queued runs", exc_info=True)
            await asyncio.sleep(RESCAN_SECONDS)

    async def _work(self) -> None:
        while True:
            run_id = await self._queue.get()
            try:
                await self._judge(run_id)
            except Exception:
                logger.exception(
                    "judging failed; the run goes back to the queue", extra={"run_id": run_id}
                )
                await self._requeue(run_id)
            finally:
                self._queued.discard(run_id)
                self.metrics.queue_depth.set(len(self._queued))
                async with self._room:
                    self._room.notify_all()

    async def _requeue(self, run_id: str) -> None:
        """Put a run whose judging failed back, for the rescan to pick it up again."""
        try:
            async with self._runtime.unit_of_work() as uow:
                await Runs(uow.session).requeue(run_id)
                await uow.commit()
        except Exception:  # the database is away: a restart re-queues running runs
            logger.warning("could not re-queue a run", extra={"run_id": run_id}, exc_info=True)

    async def _judge(self, run_id: str) -> None:
        async with self._runtime.unit_of_work() as uow:
            run = await claim_run(uow=uow, run_id=run_id)
        if run is None:
            return
        started = time.perf_counter()
        self.metrics.busy.inc()
        try:
            if run.type == "project":
                outcome = await test_project(self._sandbox, ProjectSpec.model_validate(run.spec))
                verdict = outcome.verdict
            else:
                result = await self._run_sandbox(run)
                verdict = result.verdict
        finally:
            self.metrics.busy.dec()
        self.metrics.duration.observe(time.perf_counter() - started)
        self.metrics.runs.labels(verdict).inc()
        async with self._runtime.unit_of_work() as uow:
            if run.type == "project":
                await complete_project_run(uow=uow, run_id=run.id, outcome=outcome)
            else:
                await complete_run(uow=uow, run_id=run.id, result=result)

    async def _run_sandbox(self, run: EvaluationRun) -> JudgeResult:
        spec = run.spec
        execution = spec["execution"]
        return await self._sandbox.judge(
            language=Language(run.language),
            code=run.code,
            execution=Execution(
                mode=execution["mode"],
                entry_point=execution.get("entry_point"),
                comparison=execution.get("comparison", "exact"),
            ),
            tests=[
                TestCase(
                    input=t["input"],
                    expected_output=t["expected_output"],
                    is_hidden=bool(t.get("is_hidden")),
                )
                for t in spec["tests"]
            ],
            limits=Limits(
                time_limit_ms=int(spec.get("time_limit_ms", 2000)),
                memory_mb=int(spec.get("memory_limit_mb", 256)),
            ),
        )
