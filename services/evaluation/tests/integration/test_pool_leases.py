"""The judge pool on a real database: fair turns, capped attempts, and leases between replicas.

Two pools on one database stand for two evaluation replicas. The sandbox is the real
one behind a gate the test opens, so "still running" is a state, not a race.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from sqlmodel import col, func, select

from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec
from evaluation.config import Settings
from evaluation.db.tables import EvaluationRun
from evaluation.domain.runs import RunStatus
from evaluation.main import pool_config
from evaluation.pool import JudgePool
from evaluation.sandbox import JudgeResult, Sandbox, SandboxConfig, Verdict
from evaluation.sandbox.verdicts import whole_run
from evaluation.services.runs import enqueue_run
from servicekit.db import Database, UnitOfWork
from servicekit.metrics import ServiceMetrics
from servicekit.migrations import upgrade
from servicekit.outbox import OutboxMessage, utcnow
from servicekit.runtime import Runtime
from servicekit.telemetry import configure_tracing, continue_trace

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SPEC = {
    "problem_id": "add-two",
    "execution": {"mode": "function", "entry_point": "add"},
    "tests": [{"input": [1, 2], "expected_output": 3}],
    "time_limit_ms": 2000,
    "memory_limit_mb": 128,
}


def code(label: str) -> str:
    return f"# {label}\ndef add(a, b):\n    return a + b\n"


class GatedSandbox:
    """The real sandbox, entered only once `gate` opens; remembers the code it was given."""

    def __init__(self, sandbox: Sandbox, *, fail: bool = False, unavailable: int = 0) -> None:
        self._sandbox, self._fail, self._unavailable = sandbox, fail, unavailable
        self.gate = asyncio.Event()
        self.judged: list[str] = []

    async def judge(self, **arguments: Any) -> JudgeResult:
        self.judged.append(arguments["code"])
        await self.gate.wait()
        if self._fail:
            raise RuntimeError("the judge broke")
        if len(self.judged) <= self._unavailable:  # as the sandbox answers when it cannot start
            return whole_run(arguments["tests"], Verdict.INTERNAL_ERROR, "cannot limit the sandbox")
        return await self._sandbox.judge(**arguments)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(SandboxConfig(work_root=tmp_path_factory.mktemp("pool-runs")))


@pytest.fixture(params=["sqlite", "postgres"])
async def database(
    request: pytest.FixtureRequest, sqlite_url: str, postgres_url: str
) -> AsyncIterator[Database]:
    url = sqlite_url if request.param == "sqlite" else postgres_url
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    database = Database(url)
    yield database
    await database.dispose()


@asynccontextmanager
async def replica(
    database: Database, sandbox: GatedSandbox, name: str, **settings: Any
) -> AsyncIterator[JudgePool]:
    """A started pool, as one evaluation replica runs it."""
    config = Settings(
        database_url=database.url, environment="test", replica_id=name, workers=1, **settings
    )
    async with httpx.AsyncClient() as http:
        runtime = Runtime(
            settings=config, metrics=ServiceMetrics("evaluation"), http=http, database=database
        )
        pool = JudgePool(pool_config(config))
        await pool.start(runtime, cast(Sandbox, sandbox))
        try:
            yield pool
        finally:
            await pool.stop()


async def add_run(database: Database, user_id: str, label: str, **fields: Any) -> str:
    run = EvaluationRun(
        id=str(uuid.uuid4()),
        submission_id=str(uuid.uuid4()),
        attempt_id=str(uuid.uuid4()),
        user_id=user_id,
        language="python",
        code=code(label),
        spec=SPEC,
        status=fields.pop("status", RunStatus.QUEUED),
        tests_total=1,
        **fields,
    )
    async with database.session() as session:
        session.add(run)
        await session.commit()
    return run.id


async def load(database: Database, run_id: str) -> EvaluationRun:
    async with database.session() as session:
        run = await session.get(EvaluationRun, run_id)
    assert run is not None
    return run


async def announced(database: Database, run_id: str) -> int:
    """How many result events the run raised."""
    run = await load(database, run_id)
    async with database.session() as session:
        query = select(func.count()).where(col(OutboxMessage.key) == run.submission_id)
        return int((await session.exec(query)).one())


async def until(check: Callable[[], Awaitable[bool] | bool], within: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await _value(check()):
        assert loop.time() < deadline, "the condition never came true"
        await asyncio.sleep(0.05)


async def _value(answer: Awaitable[bool] | bool) -> bool:
    return answer if isinstance(answer, bool) else await answer


def finished(database: Database, *run_ids: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        runs = [await load(database, r) for r in run_ids]
        return all(r.status in (RunStatus.SUCCEEDED, RunStatus.FAILED) for r in runs)

    return check


async def test_another_users_run_is_served_before_a_backlog(
    database: Database, sandbox: Sandbox
) -> None:
    backlog = [await add_run(database, "looper", f"loop-{i}") for i in range(4)]
    other = await add_run(database, "other", "other-0")
    gated = GatedSandbox(sandbox)
    async with replica(database, gated, "replica-a"):
        await until(lambda: bool(gated.judged))  # the first run holds the only worker
        gated.gate.set()
        await until(finished(database, *backlog, other))
    assert gated.judged == [code(x) for x in ["loop-0", "other-0", "loop-1", "loop-2", "loop-3"]]


async def test_a_live_replicas_run_is_left_alone_and_a_dead_ones_are_redriven(
    database: Database, sandbox: Sandbox
) -> None:
    in_flight = await add_run(database, "learner-1", "in-flight")
    a, b = GatedSandbox(sandbox), GatedSandbox(sandbox)
    b.gate.set()
    async with replica(database, a, "replica-a"):
        await until(lambda: bool(a.judged))
        lapsed = utcnow() - timedelta(seconds=5)
        orphan = await add_run(
            database, "learner-2", "orphan", status=RunStatus.RUNNING, owner="gone",
            lease_expires_at=lapsed, attempts=1,
        )  # fmt: skip
        spent = await add_run(
            database, "learner-3", "spent", status=RunStatus.RUNNING, owner="gone",
            lease_expires_at=lapsed, attempts=3,
        )  # fmt: skip
        async with replica(database, b, "replica-b") as second:
            await second.sweep()
            held = await load(database, in_flight)
            assert (held.status, held.owner) == (RunStatus.RUNNING, "replica-a")
            await until(finished(database, orphan, spent))
            a.gate.set()
            await until(finished(database, in_flight))

    judged = await load(database, in_flight)
    assert (judged.verdict, judged.attempts) == ("accepted", 1)
    assert code("in-flight") not in b.judged  # the second replica never ran it
    redriven, ended = await load(database, orphan), await load(database, spent)
    assert (redriven.verdict, redriven.attempts) == ("accepted", 2)
    assert (ended.status, ended.verdict) == (RunStatus.FAILED, "internal_error")
    assert [await announced(database, r) for r in (in_flight, orphan, spent)] == [1, 1, 1]


async def test_a_run_that_keeps_failing_ends_failed_after_its_attempts(
    database: Database, sandbox: Sandbox
) -> None:
    run_id = await add_run(database, "learner-1", "unlucky")
    broken = GatedSandbox(sandbox, fail=True)
    broken.gate.set()
    async with replica(
        database, broken, "replica-a", max_attempts=3, sweep_seconds=0.1, lease_seconds=5
    ):
        await until(finished(database, run_id))
    run = await load(database, run_id)
    assert (run.status, run.verdict, run.attempts) == (RunStatus.FAILED, "internal_error", 3)
    assert run.explanation == "The judge failed on this run 3 times (last: RuntimeError)."
    assert len(broken.judged) == 3
    assert await announced(database, run_id) == 1


async def test_a_sandbox_that_could_not_start_is_tried_again_within_the_attempts(
    database: Database, sandbox: Sandbox
) -> None:
    run_id = await add_run(database, "learner-1", "retried")
    flaky = GatedSandbox(sandbox, unavailable=1)
    flaky.gate.set()
    async with replica(
        database, flaky, "replica-a", max_attempts=3, sweep_seconds=0.1, lease_seconds=5
    ):
        await until(finished(database, run_id))
    run = await load(database, run_id)
    assert (run.status, run.verdict, run.attempts) == (RunStatus.SUCCEEDED, "accepted", 2)
    assert len(flaky.judged) == 2
    assert await announced(database, run_id) == 1


async def test_a_run_its_own_replica_lost_track_of_is_redriven(
    database: Database, sandbox: Sandbox
) -> None:
    # Left running under this replica's name, but judged by nobody (the database went away).
    forgotten = await add_run(
        database, "learner-1", "forgotten", status=RunStatus.RUNNING, owner="replica-a",
        lease_expires_at=utcnow() - timedelta(seconds=1), attempts=1,
    )  # fmt: skip
    gated = GatedSandbox(sandbox)
    gated.gate.set()
    async with replica(database, gated, "replica-a", sweep_seconds=0.1, lease_seconds=5):
        await until(finished(database, forgotten), within=20)
    run = await load(database, forgotten)
    assert (run.verdict, run.attempts) == ("accepted", 2)
    assert await announced(database, forgotten) == 1


TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
QUEUED_UNDER = {"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01", "tracestate": "ws=1"}


async def result_headers(database: Database, run_id: str) -> dict[str, str]:
    run = await load(database, run_id)
    async with database.session() as session:
        query = select(OutboxMessage).where(col(OutboxMessage.key) == run.submission_id)
        [row] = (await session.exec(query)).all()
    return row.headers


async def test_a_run_queued_under_a_trace_is_stored_with_it(database: Database) -> None:
    configure_tracing("evaluation")
    event = SubmissionCreated(
        submission_id=str(uuid.uuid4()), attempt_id=str(uuid.uuid4()), user_id="learner-1",
        language="python", code=code("traced"),
        problem=CodeProblemSpec(
            problem_id="add-two", execution=ExecutionSpec(mode="function", entry_point="add"),
            tests=(TestSpec(input=[1, 2], expected_output=3),),
        ),
    )  # fmt: skip
    with continue_trace(QUEUED_UNDER, "consume practice.submissions.v1") as span:
        async with UnitOfWork(database, producer="evaluation") as uow:
            run = await enqueue_run(uow=uow, event=event)
            await uow.commit()
    assert run is not None
    stored = (await load(database, run.id)).trace_headers
    assert stored["traceparent"] == f"00-{TRACE_ID}-{span.get_span_context().span_id:016x}-01"
    assert stored["tracestate"] == "ws=1"


async def test_a_run_redriven_after_a_restart_announces_its_result_in_the_submissions_trace(
    database: Database, sandbox: Sandbox
) -> None:
    configure_tracing("evaluation")
    # Its replica died mid-run; the new replica's first sweep re-queues it, by id only.
    orphan = await add_run(
        database, "learner-1", "orphan", status=RunStatus.RUNNING, owner="gone",
        lease_expires_at=utcnow() - timedelta(seconds=5), attempts=1, trace_headers=QUEUED_UNDER,
    )  # fmt: skip
    gated = GatedSandbox(sandbox)
    gated.gate.set()
    async with replica(database, gated, "replica-b"):
        await until(finished(database, orphan))
    assert (await load(database, orphan)).trace_headers == QUEUED_UNDER
    headers = await result_headers(database, orphan)
    _, trace_id, parent, _ = headers["traceparent"].split("-")
    # The "judge run" span is a child of the consumer's: same trace, a span of its own.
    assert (trace_id, headers["tracestate"]) == (TRACE_ID, "ws=1")
    assert parent != "00f067aa0ba902b7"


async def test_a_run_a_sweep_ends_announces_its_failure_in_the_submissions_trace(
    database: Database, sandbox: Sandbox
) -> None:
    configure_tracing("evaluation")
    spent = await add_run(
        database, "learner-1", "spent", status=RunStatus.RUNNING, owner="gone",
        lease_expires_at=utcnow() - timedelta(seconds=5), attempts=3, trace_headers=QUEUED_UNDER,
    )  # fmt: skip
    async with replica(database, GatedSandbox(sandbox), "replica-b"):
        await until(finished(database, spent))
    assert (await load(database, spent)).verdict == "internal_error"
    assert await result_headers(database, spent) == QUEUED_UNDER


async def test_each_try_is_counted_once_by_verdict(database: Database, sandbox: Sandbox) -> None:
    run_id = await add_run(database, "learner-1", "never-starts")
    dead = GatedSandbox(sandbox, unavailable=3)
    dead.gate.set()
    async with replica(
        database, dead, "replica-a", max_attempts=3, sweep_seconds=0.1, lease_seconds=5
    ) as pool:
        await until(finished(database, run_id))
        [family] = pool.metrics.runs.collect()
        tries = next(
            sample.value
            for sample in family.samples
            if sample.name == "sandbox_runs_total"
            and sample.labels == {"verdict": "internal_error"}
        )
    assert (await load(database, run_id)).verdict == "internal_error"
    assert tries == 3  # three sandbox answers; giving up adds none
