"""Fault runs through the gateway: PostgreSQL away for ten seconds, an event delivered twice,
read models wiped and rebuilt by re-announcing."""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from contracts.topics import EVALUATION_RESULTS, PRACTICE_SUBMISSIONS
from servicekit.devstack import (
    DEFAULT_PORTS,
    SERVICES,
    Stack,
    StackConfig,
    running_stack,
    service_env,
)
from servicekit.testing.accounts import register
from servicekit.testing.client import when_ready
from servicekit.testing.events import events_for
from servicekit.testing.infra import free_port
from servicekit.testing.tcprelay import ThreadedRelay

from .conftest import PAIR_PROBLEM, coding_attempt

pytestmark = pytest.mark.e2e

PROBLEM_ID = PAIR_PROBLEM
# 3 before the outage, about one a second while it lasts, one after: fewer than this.
SUBMISSIONS_AT_MOST = 20
WRONG = "def best_pair_within_budget(prices, budget):\n    return 0\n"
OUTAGE_SECONDS = 10
FINISHED = ("succeeded", "failed")


def until(read: Callable[[], Any], done: Callable[[Any], bool], within: float = 120) -> Any:
    deadline = time.monotonic() + within
    while not done(value := read()):
        assert time.monotonic() < deadline, f"never came true; last: {value!r}"
        time.sleep(0.2)
    return value


def bootstrap(platform: StackConfig) -> str:
    return platform.kafka_bootstrap or f"127.0.0.1:{platform.ports['broker']}"


def query(platform: StackConfig, service: str, sql: str, *params: str) -> list[tuple[Any, ...]]:
    """Read or change a service's own SQLite database, as an operator wiping a read model would."""
    with sqlite3.connect(platform.data_dir / f"{service}.db", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def announce(platform: StackConfig) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "content", "announce"],
        env=service_env(platform, bootstrap(platform)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_wiped_read_models_come_back_after_content_announces(
    platform: StackConfig, api: httpx.Client, admin: dict[str, str]
) -> None:
    subject = {"id": f"sub-{time.monotonic_ns()}", "name": "Replay", "professor_id": "prof-7"}
    assert api.post("/subjects", json=subject, headers=admin).status_code == 201
    student = register(api)
    assert api.post(f"/subjects/{subject['id']}/enroll", headers=student.headers).status_code == 201
    start = {"problem_id": PROBLEM_ID}
    assert when_ready(lambda: api.post("/attempts", json=start, headers=student.headers)).is_success

    def evaluation_view() -> list[tuple[Any, ...]]:
        return query(
            platform,
            "evaluation",
            "SELECT v.professor_id, e.user_id FROM subject_views v"
            " JOIN subject_enrolments e ON e.subject_id = v.subject_id WHERE v.subject_id = ?",
            subject["id"],
        )

    until(evaluation_view, bool)
    query(platform, "practice", "DELETE FROM content_view")
    query(platform, "evaluation", "DELETE FROM subject_enrolments")
    query(platform, "evaluation", "DELETE FROM subject_views")
    newcomer = register(api).headers
    assert api.post("/attempts", json=start, headers=newcomer).status_code == 404

    assert "content announce:" in announce(platform)

    served = when_ready(lambda: api.post("/attempts", json=start, headers=newcomer), within=120)
    assert served.status_code == 201, served.text
    assert until(evaluation_view, bool) == [("prof-7", student.id)]


async def published_submission(platform: StackConfig, submission_id: str) -> dict[str, Any]:
    events = await events_for(bootstrap(platform), PRACTICE_SUBMISSIONS, submission_id)
    (created,) = [e for e in events if e["event_type"] == "practice.submission_created"]
    return created


async def deliver_again(platform: StackConfig, envelope: dict[str, Any]) -> tuple[int, int]:
    """Publish the very same envelope (same event id) again; where it landed."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap(platform))
    await producer.start()
    try:
        record = await producer.send_and_wait(
            PRACTICE_SUBMISSIONS,
            value=json.dumps(envelope).encode(),
            key=envelope["key"].encode(),
        )
    finally:
        await producer.stop()
    return record.partition, record.offset


async def committed(platform: StackConfig, group: str, partition: int) -> int:
    """The offset `group` has committed on the submissions topic's `partition` (-1: none)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap(platform), group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        offset = await consumer.committed(TopicPartition(PRACTICE_SUBMISSIONS, partition))
    finally:
        await consumer.stop()
    return -1 if offset is None else offset


def test_a_submission_delivered_twice_is_judged_once(
    platform: StackConfig, api: httpx.Client, learner: dict[str, str]
) -> None:
    accepted = api.post(
        f"/attempts/{coding_attempt(api, learner)}/submissions",
        json={"code": WRONG, "language": "python"},
        headers=learner,
    )
    assert accepted.status_code == 202, accepted.text
    submission_id = accepted.json()["submission"]["id"]

    def runs() -> list[dict[str, Any]]:
        page = api.get("/evaluations", params={"submission_id": submission_id}, headers=learner)
        items: list[dict[str, Any]] = page.json()["items"]
        return items

    until(runs, lambda found: any(r["status"] in ("succeeded", "failed") for r in found))
    envelope = asyncio.run(published_submission(platform, submission_id))
    partition, offset = asyncio.run(deliver_again(platform, envelope))
    # evaluation has read past the duplicate: it was handled (or skipped) by then
    until(lambda: asyncio.run(committed(platform, "evaluation", partition)), lambda c: c > offset)

    assert len(runs()) == 1
    submission = api.get(f"/submissions/{submission_id}", headers=learner).json()["submission"]
    assert submission["verdict"] == "wrong_answer"
    results = asyncio.run(
        events_for(bootstrap(platform), EVALUATION_RESULTS, submission_id, settle=3.0)
    )
    assert len(results) == 1


async def _databases(server: URL, names: list[str], *, create: bool) -> None:
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            for name in names:
                statement = (
                    f'CREATE DATABASE "{name}"'
                    if create
                    else (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                )
                await conn.execute(text(statement))
    finally:
        await admin.dispose()


@pytest.fixture(scope="module")
def database_relay(postgres_server_url: str) -> Iterator[ThreadedRelay]:
    server = make_url(postgres_server_url)
    with ThreadedRelay(server.host or "127.0.0.1", server.port or 5432) as relay:
        yield relay


@pytest.fixture(scope="module")
def postgres_stack(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server_url: str,
    database_relay: ThreadedRelay,
) -> Iterator[Stack]:
    """The platform with every service on its own fresh PostgreSQL database, behind the relay."""
    server = make_url(postgres_server_url)
    names = {name: f"e2e_{name}_{uuid.uuid4().hex[:8]}" for name in SERVICES if name != "gateway"}
    asyncio.run(_databases(server, list(names.values()), create=True))
    behind_relay = server.set(host="127.0.0.1", port=database_relay.port)
    root = tmp_path_factory.mktemp("postgres-faults")
    config = StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        log_dir=root / "logs",
        extra_env={
            "WHETSTONE_ENV": "test",
            "GATEWAY_RATE_LIMITS": '{"auth": "200/minute", "runs": "600/minute"}',
            **{
                f"{name.upper()}_DATABASE_URL": behind_relay.set(database=db).render_as_string(
                    hide_password=False
                )
                for name, db in names.items()
            },
        },
    )
    try:
        with running_stack(config) as running:
            yield running
    finally:
        print(f"\nservice logs: {root / 'logs'}")
        asyncio.run(_databases(server, list(names.values()), create=False))


def ready_status(config: StackConfig, service: str) -> int:
    return httpx.get(f"{config.url(service)}/ready", timeout=10).status_code


def test_submissions_accepted_around_a_database_outage_end_with_one_result(
    postgres_stack: Stack, database_relay: ThreadedRelay
) -> None:
    config = postgres_stack.config
    with httpx.Client(base_url=f"{config.url('gateway')}/api/v1", timeout=40.0) as api:
        # A verdict moves an attempt on to its reflection, so each submission gets an attempt of
        # its own, gate cleared, made before the outage (one learner each: one open attempt a
        # problem). An attempt is used up only by a 202.
        attempts = [
            (auth, coding_attempt(api, auth))
            for auth in (register(api).headers for _ in range(SUBMISSIONS_AT_MOST))
        ]
        owner_of: dict[str, dict[str, str]] = {}

        def submit() -> httpx.Response:
            auth, attempt_id = attempts[0]
            answer = api.post(
                f"/attempts/{attempt_id}/submissions",
                json={"code": WRONG, "language": "python"},
                headers=auth,
            )
            if answer.status_code == 202:
                owner_of[answer.json()["submission"]["id"]] = auth
                attempts.pop(0)
            return answer

        accepted = [submit() for _ in range(3)]
        assert [r.status_code for r in accepted] == [202] * 3, accepted[-1].text
        database_relay.cut()
        outage_ends = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < outage_ends:
            accepted.append(answer := submit())
            assert answer.status_code in (202, 503), answer.text  # never a 500
            time.sleep(1)  # a steady stream, not a flood: the outage is timed, not the order
        database_relay.restore()
        assert any(r.status_code == 503 for r in accepted)  # the outage was felt
        accepted.append(until(submit, lambda r: r.status_code == 202, within=60))
        ids = [r.json()["submission"]["id"] for r in accepted if r.status_code == 202]

        def unfinished() -> list[str]:
            return [
                i
                for i in ids
                if api.get(f"/submissions/{i}", headers=owner_of[i]).json()["submission"]["status"]
                not in FINISHED
            ]

        until(unfinished, lambda left: not left, within=240)

    for service in SERVICES:
        until(functools.partial(ready_status, config, service), lambda status: status == 200)
    bootstrap = f"127.0.0.1:{config.ports['broker']}"
    for submission_id in ids:
        results = asyncio.run(events_for(bootstrap, EVALUATION_RESULTS, submission_id, settle=1.0))
        assert len(results) == 1, (submission_id, results)
