"""`make run`'s launcher as a developer uses it: start, serve, Ctrl-C, start again, data kept."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from servicekit.devstack import DEFAULT_PORTS
from servicekit.testing.infra import free_port

pytestmark = pytest.mark.e2e


def launch(data_dir: Path, ports: dict[str, int]) -> subprocess.Popen[str]:
    env = {**os.environ, "WHETSTONE_DATA_DIR": str(data_dir)}
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)  # the launcher starts its own broker
    env.update({f"{name.upper()}_PORT": str(port) for name, port in ports.items()})
    return subprocess.Popen(
        [sys.executable, "-m", "servicekit.devstack"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for_banner(process: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Press Ctrl-C to stop." in line:
            return lines
    raise AssertionError("the platform did not come up:\n" + "".join(lines[-40:]))


def interrupt(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    return output


def test_the_platform_starts_stops_on_ctrl_c_and_keeps_its_data(tmp_path: Path) -> None:
    ports = {name: free_port() for name in DEFAULT_PORTS}
    gateway = f"http://127.0.0.1:{ports['gateway']}/api/v1"
    account = {
        "email": "keeper@example.com",
        "password": "survives restarts",
        "full_name": "Keeper",
    }

    first = launch(tmp_path / "data", ports)
    banner = "".join(wait_for_banner(first))
    assert f"http://127.0.0.1:{ports['gateway']}/api/v1" in banner
    assert httpx.post(f"{gateway}/auth/register", json=account, timeout=30).status_code == 201
    tail = interrupt(first)
    assert first.returncode == 0
    assert "stopped." in tail
    for port in ports.values():  # nothing is left listening
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0

    second = launch(tmp_path / "data", ports)
    wait_for_banner(second)
    try:
        login = httpx.post(
            f"{gateway}/auth/login",
            timeout=30,
            json={"email": account["email"], "password": account["password"]},
        )
        assert login.status_code == 200
    finally:
        interrupt(second)


def test_a_taken_port_is_named(tmp_path: Path) -> None:
    ports = {name: free_port() for name in DEFAULT_PORTS}
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", ports["practice"]))
        blocker.listen()
        process = launch(tmp_path / "data", ports)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 1
    assert f"{ports['practice']} (practice)" in output
