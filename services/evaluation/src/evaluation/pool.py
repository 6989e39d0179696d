"""A bounded pool of sandbox workers: stored runs and live `/runs` calls, served fairly by user.

Stored runs are leased: the replica judging one renews its lease, and a run whose
lease lapsed (its replica died) is re-queued by whichever replica sweeps first, or
ended as failed once it has used its attempts, so every submission gets one result.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar, cast

from prometheus_client import Counter as MetricCounter
from prometheus_client import Gauge, Histogram

from contracts.practice import ProjectSpec
from evaluation.db.tables import EvaluationRun
from evaluation.fair_queue import FairQueue
from evaluation.sandbox import (
    Execution,
    JudgeResult,
    Language,
    Limits,
    Sandbox,
    TestCase,
    Verdict,
)
from evaluation.services.projects import ProjectOutcome, test_project
from evaluation.services.runs import (
    claim_run,
    complete_project_run,
    complete_run,
    fail_run,
    release_run,
    sweep_runs,
)
from servicekit.errors import RateLimited
from servicekit.metrics import ServiceMetrics
from servicekit.outbox import utcnow
from servicekit.runtime import Runtime
from servicekit.telemetry import continue_trace

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_AFTER_SECONDS = 5


class PoolMetrics:
    def __init__(self, metrics: ServiceMetrics) -> None:
        registry = metrics.registry
        self.runs = MetricCounter(
            "sandbox_runs_total", "Sandbox runs by verdict", ["verdict"], registry=registry
        )
        self.queue_depth = Gauge(
            "evaluation_queue_depth", "Jobs waiting for a sandbox", registry=registry
        )
        self.busy = Gauge("evaluation_workers_busy", "Sandboxes running now", registry=registry)
        self.duration = Histogram(
            "sandbox_run_duration_seconds",
            "Time to judge one submission",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=registry,
        )


@dataclass(frozen=True)
class PoolConfig:
    workers: int
    max_pending: int  # the consumer stops taking submissions while this many runs wait
    max_jobs_per_user: int  # queued and running, beyond which `/runs` answers 429
    max_running_per_user: int  # sandboxes one user's jobs hold at once; the rest wait their turn
    max_attempts: int  # tries of one run before it ends as failed
    lease_seconds: float
    sweep_seconds: float  # also how often leases are renewed: keep it well below the lease
    replica: str  # this process's name on the runs it leases


class JobLimitReached(RateLimited):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"At most {limit} runs of yours can wait or run at once; try again shortly",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )


class JudgeFault(Exception):
    """The sandbox, not the learner's code, failed: the run is tried again within its attempts."""


class RunSetupError(Exception):
    """A stored run that cannot be judged however often it is tried (a broken spec)."""


@dataclass(frozen=True)
class _StoredRun:
    run_id: str
    user_id: str


@dataclass(frozen=True)
class _Call:
    user_id: str
    work: Callable[[], Awaitable[Any]]
    done: asyncio.Future[Any] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class JudgePool:
    """`workers` sandboxes at most; stored runs arrive on commit and from the periodic sweep."""

    _runtime: Runtime
    _sandbox: Sandbox
    metrics: PoolMetrics

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        self._queue: FairQueue[_StoredRun | _Call] = FairQueue(config.max_running_per_user)
        self._stored: set[str] = set()  # stored runs queued or running here
        self._judging: set[str] = set()  # stored runs this replica has claimed and is running
        self._jobs_of: Counter[str] = Counter()  # every job, queued or running, by user
        self._room = asyncio.Condition()
        self._tasks: list[asyncio.Task[None]] = []

    def submit(self, run_id: str, user_id: str) -> None:
        """Queue a stored run for judging (a run already here is not queued twice)."""
        if run_id not in self._stored:
            self._stored.add(run_id)
            self._put(_StoredRun(run_id, user_id))

    async def run_for(self, user_id: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` on a worker in the user's turn; JobLimitReached when they have too many."""
        if self.jobs_of(user_id) >= self.config.max_jobs_per_user:
            raise JobLimitReached(self.config.max_jobs_per_user)
        call = _Call(user_id, work)
        self._put(call)
        try:
            return cast(T, await call.done)
        finally:
            call.done.cancel()  # the caller left: a call still queued is skipped

    def jobs_of(self, user_id: str) -> int:
        """The user's jobs queued or running here."""
        return self._jobs_of.get(user_id, 0)

    async def wait_for_room(self) -> None:
        """Backpressure: the consumer waits here while too many runs are pending."""
        async with self._room:
            await self._room.wait_for(lambda: len(self._stored) < self.config.max_pending)

    async def start(self, runtime: Runtime, sandbox: Sandbox) -> None:
        """Sweep once (re-queue runs whose lease lapsed), then start the workers and the sweeper."""
        self._runtime, self._sandbox = runtime, sandbox
        self.metrics = PoolMetrics(runtime.metrics)
        await self.sweep()
        self._tasks = [
            asyncio.create_task(self._work(), name=f"judge-{i}") for i in range(self.config.workers)
        ]
        self._tasks.append(asyncio.create_task(self._sweep_forever(), name="judge-sweeper"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task

    async def sweep(self) -> None:
        """Renew this replica's leases, free or end lapsed runs, and queue the runs that wait."""
        now = utcnow()
        async with self._runtime.unit_of_work() as uow:
            swept = await sweep_runs(
                uow=uow,
                owner=self.config.replica,
                judging=set(self._judging),
                now=now,
                lease_until=now + timedelta(seconds=self.config.lease_seconds),
                max_attempts=self.config.max_attempts,
            )
        if swept.released or swept.ended:
            logger.warning(
                "runs whose lease lapsed",
                extra={"requeued": swept.released, "ended": swept.ended},
            )
        for run_id, user_id in swept.waiting:
            self.submit(run_id, user_id)

    def _put(self, job: _StoredRun | _Call) -> None:
        self._jobs_of[job.user_id] += 1
        self._queue.put(job.user_id, job)
        self.metrics.queue_depth.set(len(self._queue))

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.config.sweep_seconds)
            try:
                await self.sweep()
            except Exception:
                logger.warning("could not sweep the runs", exc_info=True)

    async def _work(self) -> None:
        while True:
            user, job = await self._queue.get()
            self.metrics.queue_depth.set(len(self._queue))
            try:
                if isinstance(job, _Call):
                    await self._call(job)
                else:
                    await self._judge(job.run_id)
            except Exception:  # the database is away: the lease lapses and a sweep re-drives it
                logger.exception("a judge job failed", extra={"user_id": job.user_id})
            finally:
                self._queue.done(user)
                await self._finished(job)

    async def _finished(self, job: _StoredRun | _Call) -> None:
        self._jobs_of[job.user_id] -= 1
        if not self._jobs_of[job.user_id]:
            del self._jobs_of[job.user_id]
        if isinstance(job, _StoredRun):
            self._stored.discard(job.run_id)
            async with self._room:
                self._room.notify_all()

    async def _call(self, call: _Call) -> None:
        if call.done.done():
            return
        self.metrics.busy.inc()
        try:
            result = await call.work()
        except Exception as error:
            if not call.done.done():
                call.done.set_exception(error)
        else:
            if not call.done.done():
                call.done.set_result(result)
        finally:
            self.metrics.busy.dec()

    async def _judge(self, run_id: str) -> None:
        replica = self.config.replica
        lease_until = utcnow() + timedelta(seconds=self.config.lease_seconds)
        async with self._runtime.unit_of_work() as uow:
            run = await claim_run(uow=uow, run_id=run_id, owner=replica, lease_until=lease_until)
        if run is None:
            return
        self._judging.add(run.id)
        # Workers outlive every request: the run brings back the trace it was queued under,
        # so the result event's outbox row continues the submission's trace.
        attributes = {"evaluation.run_id": run.id, "evaluation.submission_id": run.submission_id}
        try:
            with continue_trace(run.trace_headers, "judge run", attributes=attributes):
                await self._judge_claimed(run)
        finally:
            self._judging.discard(run.id)

    async def _judge_claimed(self, run: EvaluationRun) -> None:
        replica = self.config.replica
        try:
            outcome = await self._run(run)
            if isinstance(outcome, JudgeResult) and outcome.verdict is Verdict.INTERNAL_ERROR:
                raise JudgeFault(next((t.error for t in outcome.tests if t.error), "no test ran"))
            async with self._runtime.unit_of_work() as uow:
                if isinstance(outcome, ProjectOutcome):
                    stored = await complete_project_run(
                        uow=uow, run_id=run.id, owner=replica, outcome=outcome
                    )
                else:
                    stored = await complete_run(
                        uow=uow, run_id=run.id, owner=replica, result=outcome
                    )
            if stored is None:
                logger.warning(
                    "the run's lease lapsed; another replica has it", extra={"run_id": run.id}
                )
        except asyncio.CancelledError:  # stopping: the try was not the run's fault
            async with self._runtime.unit_of_work() as uow:
                await release_run(uow=uow, run_id=run.id, owner=replica, refund=True)
            raise
        except RunSetupError as error:
            await self._give_up(run, f"The judge could not set up this run: {error}")
        except Exception as error:
            logger.exception("judging failed", extra={"run_id": run.id, "attempt": run.attempts})
            if run.attempts < self.config.max_attempts:
                async with self._runtime.unit_of_work() as uow:
                    await release_run(uow=uow, run_id=run.id, owner=replica)
            else:
                await self._give_up(
                    run,
                    f"The judge failed on this run {run.attempts} times"
                    f" (last: {type(error).__name__}).",
                    counted=isinstance(error, JudgeFault),
                )

    async def _give_up(self, run: EvaluationRun, reason: str, *, counted: bool = False) -> None:
        async with self._runtime.unit_of_work() as uow:
            await fail_run(uow=uow, run_id=run.id, reason=reason, owner=self.config.replica)
        if not counted:  # a sandbox that answered internal_error was counted by `_run`
            self.metrics.runs.labels("internal_error").inc()

    async def _run(self, run: EvaluationRun) -> JudgeResult | ProjectOutcome:
        started = time.perf_counter()
        self.metrics.busy.inc()
        try:
            if run.type == "project":
                outcome: JudgeResult | ProjectOutcome = await test_project(
                    self._sandbox, _project_spec(run)
                )
            else:
                outcome = await self._sandbox.judge(**_judge_arguments(run))
        finally:
            self.metrics.busy.dec()
        self.metrics.duration.observe(time.perf_counter() - started)
        self.metrics.runs.labels(outcome.verdict).inc()
        return outcome


def _project_spec(run: EvaluationRun) -> ProjectSpec:
    try:
        spec = ProjectSpec.model_validate(run.spec)
        command = shlex.split(spec.test_command)
    except ValueError as error:
        raise RunSetupError(f"the project is not valid ({error})") from error
    if not command:
        raise RunSetupError("the project has no test command")
    return spec


def _judge_arguments(run: EvaluationRun) -> dict[str, Any]:
    """What the sandbox needs to judge a code run, from the problem snapshot it was queued with."""
    spec = run.spec
    try:
        execution = spec["execution"]
        return {
            "language": Language(run.language),
            "code": run.code,
            "execution": Execution(
                mode=execution["mode"],
                entry_point=execution.get("entry_point"),
                comparison=execution.get("comparison", "exact"),
            ),
            "tests": [
                TestCase(
                    input=t["input"],
                    expected_output=t["expected_output"],
                    is_hidden=bool(t.get("is_hidden")),
                )
                for t in spec["tests"]
            ],
            "limits": Limits(
                time_limit_ms=int(spec.get("time_limit_ms", 2000)),
                memory_mb=int(spec.get("memory_limit_mb", 256)),
            ),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise RunSetupError(
            f"the problem is not valid ({type(error).__name__}: {error})"
        ) from error
