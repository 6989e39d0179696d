"""Issue 5's figures: sandbox overhead, tests per sandbox, sustained throughput, latency."""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bench.report import Figure, p50, p99, save
from evaluation.sandbox import Execution, Language, Limits, Sandbox, SandboxConfig, TestCase

RUNS = 30
SUSTAIN_RATE = 20.0
SUSTAIN_SECONDS = float(os.environ.get("BENCH_SUSTAIN_SECONDS", "300"))
LAG_SAMPLE_SECONDS = 5.0
DRAIN_SECONDS = 600.0
LEARNERS = 50
PY = "def add(a, b):\n    return a + b\n"
JS = "function add(a, b) { return a + b; }\n"


def bare_start_ms(argv: list[str]) -> list[float]:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, env={})
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def judged_ms(sandbox: Sandbox, language: Language, code: str, tests: int) -> list[float]:
    cases = [TestCase([i, 1], i + 1) for i in range(tests)]
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = await sandbox.judge(
            language=language,
            code=code,
            execution=Execution("function", "add"),
            tests=cases,
            limits=Limits(),
        )
        samples.append((time.perf_counter() - started) * 1000)
        assert result.verdict == "accepted", result
    return samples


async def run() -> None:
    sandbox = Sandbox(SandboxConfig())
    config = sandbox.config
    python_bare = bare_start_ms([config.python_bin, "-I", "-S", "-c", "pass"])
    node_bare = bare_start_ms([config.node_bin, "-e", "0"])
    python_one = await judged_ms(sandbox, Language.PYTHON, PY, 1)
    python_ten = await judged_ms(sandbox, Language.PYTHON, PY, 10)
    node_one = await judged_ms(sandbox, Language.JAVASCRIPT, JS, 1)
    figures = [
        Figure(
            "sandboxed trivial Python run / bare interpreter start (p50)",
            p50(python_one) / p50(python_bare),
            "x",
            2.0,
            note=f"{p50(python_one):.1f} ms vs {p50(python_bare):.1f} ms",
        ),
        Figure(
            "sandboxed trivial Node run / bare node start (p50)",
            p50(node_one) / p50(node_bare),
            "x",
            1.4,
            note=f"{p50(node_one):.1f} ms vs {p50(node_bare):.1f} ms",
        ),
        Figure(
            "10 trivial tests / 1 test, one sandbox (p50)",
            p50(python_ten) / p50(python_one),
            "x",
            1.5,
            note=f"{p50(python_ten):.1f} ms vs {p50(python_one):.1f} ms",
        ),
    ]
    throughput, sustained, latencies, unjudged = await pipeline()
    waited = f"{unjudged} of {len(latencies)} not judged in time, counted as their wait"
    waited = waited if unjudged else ""
    figures += [
        Figure(
            "trivial submissions (10 tests) per second, burst of 200",
            throughput,
            "/s",
            20,
            higher_is_better=True,
            note="judge pool, database and outbox on this machine",
        ),
        Figure(
            f"judged per second while sending {SUSTAIN_RATE}/s for {SUSTAIN_SECONDS:.0f} s",
            sustained.rate,
            "/s",
            SUSTAIN_RATE * 0.95,
            higher_is_better=True,
        ),
        Figure(
            f"consumer lag growth over {SUSTAIN_SECONDS:.0f} s at {SUSTAIN_RATE}/s",
            sustained.lag_growth,
            "subs",
            SUSTAIN_RATE,  # less than one second of work: no growth beyond noise
            note="mean outstanding in the last minute minus the first; "
            f"max {max(sustained.lag_samples)}",
        ),
        Figure(
            "judge latency at 5/s, p50 / sandboxed run time",
            p50(latencies) / p50(python_ten),
            "x",
            2.0,
            note="; ".join(filter(None, [f"p50 {p50(latencies):.1f} ms", waited])),
        ),
        Figure("judge latency at 5/s, p99", p99(latencies), "ms", 150, note=waited),
    ]
    save(
        "sandbox",
        figures,
        {
            "python_bare_ms": python_bare,
            "python_one_ms": python_one,
            "python_ten_ms": python_ten,
            "node_bare_ms": node_bare,
            "node_one_ms": node_one,
            "latencies_at_5_per_s_ms": latencies,
            "lag_samples_every_5_s": sustained.lag_samples,
        },
    )


async def pipeline() -> tuple[float, Sustained, list[float], int]:
    """SubmissionCreated to EvaluationCompleted through the real broker, pool and database."""
    import json
    import tempfile
    import uuid

    from aiokafka import AIOKafkaConsumer

    from contracts import Envelope
    from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec
    from contracts.topics import EVALUATION_RESULTS, PRACTICE_SUBMISSIONS
    from evaluation.config import Settings
    from evaluation.main import create_app
    from servicekit.messaging import create_broker
    from servicekit.migrations import upgrade
    from servicekit.testing.client import app_client
    from servicekit.testing.infra import tansu_broker

    folder = Path(tempfile.mkdtemp())
    migrations = Path(__file__).resolve().parents[1] / "services/evaluation/migrations"
    spec = CodeProblemSpec(
        problem_id="add",
        execution=ExecutionSpec(mode="function", entry_point="add"),
        tests=tuple(TestSpec(input=[i, 1], expected_output=i + 1) for i in range(10)),
    )
    sent: dict[str, float] = {}
    done: dict[str, float] = {}
    with tansu_broker() as bootstrap:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{folder}/bench.db",
            kafka_bootstrap_servers=bootstrap,
            environment="test",
            kafka_session_timeout_ms=1500,
            outbox_poll_seconds=0.5,
            max_pending_runs=64,
        )
        await asyncio.to_thread(upgrade, migrations, settings.database_url)
        producer = create_broker(bootstrap, client_id="bench")
        results = AIOKafkaConsumer(
            EVALUATION_RESULTS,
            bootstrap_servers=bootstrap,
            group_id="bench",
            auto_offset_reset="earliest",
            session_timeout_ms=1500,
            heartbeat_interval_ms=500,
            fetch_max_wait_ms=20,
        )
        async with app_client(create_app(settings)):
            await producer.start()
            await results.start()

            async def collect() -> None:
                async for record in results:
                    done[json.loads(record.value)["key"]] = time.perf_counter()

            collector = asyncio.create_task(collect())

            async def send() -> str:
                event = SubmissionCreated(
                    submission_id=str(uuid.uuid4()),
                    attempt_id="a",
                    # Many learners: one user's jobs hold one sandbox at a time, by design.
                    user_id=f"learner-{len(sent) % LEARNERS}",
                    language="python",
                    code=PY,
                    problem=spec,
                )
                envelope = Envelope.wrap(event, producer="bench")
                sent[event.submission_id] = time.perf_counter()
                await producer.publish(
                    envelope.model_dump_json().encode(),
                    topic=PRACTICE_SUBMISSIONS,
                    key=envelope.key.encode(),
                )
                return event.submission_id

            async def wait_for(ids: list[str], timeout: float = 120) -> None:
                deadline = time.perf_counter() + timeout
                while not all(i in done for i in ids) and time.perf_counter() < deadline:
                    await asyncio.sleep(0.01)

            await wait_for([await send()])  # warm up: consumer group joined, pool started
            burst = [await send() for _ in range(200)]
            started = time.perf_counter()
            await wait_for(burst)
            throughput = len(burst) / (max(done[i] for i in burst) - started)
            print(f"    burst of 200: {throughput:.1f}/s; sustaining {SUSTAIN_RATE}/s ...")
            sustained = await sustain(send, done, SUSTAIN_RATE, SUSTAIN_SECONDS)
            # The latency phase starts with nothing queued (a slow judge leaves a backlog).
            await wait_for(list(sent), timeout=DRAIN_SECONDS)
            steady = []
            for _ in range(50):
                steady.append(await send())
                await asyncio.sleep(0.2)
            await wait_for(steady)
            # One not judged in time counts as its wait so far: a lower bound, never dropped.
            now = time.perf_counter()
            latencies = [(done.get(i, now) - sent[i]) * 1000 for i in steady]
            unjudged = sum(1 for i in steady if i not in done)
            collector.cancel()
            await results.stop()
            await producer.stop()
    shutil.rmtree(folder, ignore_errors=True)
    return throughput, sustained, latencies, unjudged


@dataclass(frozen=True)
class Sustained:
    rate: float  # judged per second over the whole phase
    lag_growth: float  # outstanding submissions: last minute's mean minus the first minute's
    lag_samples: list[int]


async def sustain(
    send: Callable[[], Awaitable[str]], done: dict[str, float], rate: float, seconds: float
) -> Sustained:
    """Send at a fixed rate for `seconds`; sample the submissions not yet judged (the lag)."""
    ids: list[str] = []
    samples: list[int] = []
    started = time.perf_counter()
    next_sample = started
    while (now := time.perf_counter()) - started < seconds:
        due = int((now - started) * rate) + 1
        while len(ids) < due:
            ids.append(await send())
        if now >= next_sample:
            samples.append(sum(1 for i in ids if i not in done))
            next_sample += LAG_SAMPLE_SECONDS
        await asyncio.sleep(1 / rate / 2)
    finished = [done[i] for i in ids if i in done]
    window = max(1, int(60 / LAG_SAMPLE_SECONDS))
    growth = statistics.fmean(samples[-window:]) - statistics.fmean(samples[:window])
    return Sustained(len(finished) / (time.perf_counter() - started), growth, samples)


if __name__ == "__main__":
    sys.exit(asyncio.run(run()))
