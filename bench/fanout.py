"""Issue 12's fan-out figures: thousands of interview sockets on one gateway process.

The platform runs as `make run` starts it (Tansu broker, identity, practice, the gateway ...).
Learners sign up and start interviews through the gateway, so each socket passes the real
admission: an identity token and practice saying the interview is the caller's. The client
sockets live in another process (bench/fanout_clients.py), so their CPU is not the gateway's.
The bench then publishes InterviewEvents on `interview.events.v1` as practice's outbox does,
each carrying its publish time, at a steady rate of deliveries (events x sockets per interview).

Measured: delivery latency from publish to the client's read (same clock), the gateway's CPU
per delivery (/proc/<pid>/stat over the publishing window), its RSS growth per open socket,
and deliveries lost. `python -m bench.fanout --sockets 500 --seconds 5` for a quick run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import jwt

from bench.report import Figure, p50, p99, save, write_doc
from contracts import Envelope
from contracts.interview import InterviewEvent
from contracts.topics import INTERVIEW_EVENTS
from servicekit.devstack import DEFAULT_PORTS, StackConfig, running_stack
from servicekit.testing.accounts import PASSWORD
from servicekit.testing.events import EventPublisher
from servicekit.testing.infra import free_port

INTERVIEWS_PER_USER = 25
CREATE_AT_ONCE = 8
TICK_SECONDS = 0.01
DRAIN_SECONDS = 3.0
INTERVIEW = {"mode": "behavioral", "job_type": "Benchmark", "duration": 60}


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of `pid` and of its children processes (uvicorn's workers)."""
    total = 0.0
    for each in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_bytes(pid: int) -> int:
    total = 0
    for each in [pid, *descendants(pid)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except FileNotFoundError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def load() -> str:
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


class Platform:
    def __init__(self, base: str) -> None:
        self.base = base

    async def users_with_interviews(self, interviews: int) -> list[tuple[str, str, str]]:
        """(interview id, owner's user id, owner's token) for `interviews` new interviews."""
        users = math.ceil(interviews / INTERVIEWS_PER_USER)
        gate = asyncio.Semaphore(CREATE_AT_ONCE)
        async with aiohttp.ClientSession(self.base) as session:
            tokens = await asyncio.gather(*(self._sign_up(session, gate) for _ in range(users)))
            owners = [tokens[n % users] for n in range(interviews)]
            ids = await asyncio.gather(*(self._start(session, gate, t) for t in owners))
        return [
            (i, jwt.decode(t, options={"verify_signature": False})["sub"], t)
            for i, t in zip(ids, owners, strict=True)
        ]

    async def _sign_up(self, session: aiohttp.ClientSession, gate: asyncio.Semaphore) -> str:
        body = {
            "email": f"fanout-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD,
            "full_name": "Fan-out Learner",
        }
        async with gate, session.post("/api/v1/auth/register", json=body) as answer:
            if answer.status != 201:
                raise RuntimeError(f"sign-up answered {answer.status}: {await answer.text()}")
            return str((await answer.json())["access_token"])

    async def _start(
        self, session: aiohttp.ClientSession, gate: asyncio.Semaphore, token: str
    ) -> str:
        headers = {"Authorization": f"Bearer {token}"}
        async with gate, session.post("/api/v1/interviews", json=INTERVIEW, headers=headers) as a:
            if a.status != 201:
                raise RuntimeError(f"POST /interviews answered {a.status}: {await a.text()}")
            return str((await a.json())["interview"]["id"])


def event(interview_id: str, owner: str, n: int) -> Envelope:
    # typing_indicator is the chattiest of the interview's events; its data is the publish time.
    data = {"published_at": time.time(), "n": n}
    return Envelope.wrap(
        InterviewEvent(
            interview_id=interview_id, user_id=owner, type="typing_indicator", data=data
        ),
        producer="bench",
    )


async def until_events_flow(ws_base: str, bootstrap: str, interview: tuple[str, str, str]) -> None:
    """The gateway reads the topic from its end once it has found it: wait for a live event."""
    interview_id, owner, token = interview
    url = f"{ws_base}/api/v1/interviews/{interview_id}/ws"
    deadline = time.monotonic() + 60
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, protocols=("bearer", token)) as ws,
        EventPublisher(bootstrap) as publisher,
    ):
        while time.monotonic() < deadline:
            await publisher.send_envelope(event(interview_id, owner, -1), INTERVIEW_EVENTS)
            try:
                await ws.receive(timeout=1.0)
                return
            except TimeoutError:
                continue
    raise TimeoutError("no interview event reached a socket within 60 s")


async def publish(
    bootstrap: str, interviews: list[tuple[str, str, str]], events_per_second: float, seconds: float
) -> int:
    """Events at a steady rate, round-robin over the interviews; how many were published."""
    sent = 0
    async with EventPublisher(bootstrap) as publisher:
        loop = asyncio.get_running_loop()
        started = loop.time()
        while (elapsed := loop.time() - started) < seconds:
            due = int(elapsed * events_per_second) - sent
            batch = []
            for n in range(sent, sent + due):
                interview_id, owner, _ = interviews[n % len(interviews)]
                batch.append(
                    publisher.send_envelope(event(interview_id, owner, n), INTERVIEW_EVENTS)
                )
            await asyncio.gather(*batch)
            sent += due
            await asyncio.sleep(TICK_SECONDS)
    return sent


def start_profiler(pid: int, seconds: float) -> subprocess.Popen[bytes] | None:
    """py-spy on the gateway over the publishing window, when FANOUT_PROFILE names an output."""
    out = os.environ.get("FANOUT_PROFILE")
    if not out:
        return None
    command = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds))]
    return subprocess.Popen([*command, "--format", "raw", "--output", out, "--nonblocking"])


def start_clients(
    url: str, interviews: list[tuple[str, str, str]], per: int
) -> subprocess.Popen[str]:
    clients = subprocess.Popen(
        [sys.executable, "-m", "bench.fanout_clients"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert clients.stdin is not None
    plan = {"url": url, "sockets": [[i, token, per] for i, _, token in interviews]}
    clients.stdin.write(json.dumps(plan) + "\n")
    clients.stdin.flush()
    return clients


async def metrics_of(base: str) -> dict[str, float]:
    """The gateway's own fan-out counters (only this process's: one worker)."""
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as answer:
        text = await answer.text()
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(("gateway_ws_dropped_total", "gateway_ws_deliveries_total")):
            name, value = line.rsplit(" ", 1)
            found[name] = found.get(name, 0.0) + float(value)
    return found


async def measure(
    config: StackConfig,
    bootstrap: str,
    pid: int,
    sockets: int,
    rate: float,
    seconds: float,
    per: int,
) -> None:
    base = config.url("gateway")
    ws_base = base.replace("http", "ws", 1)
    count = math.ceil(sockets / per)
    print(f"  {count} interviews for {sockets} sockets ({per} each); {load()}")
    interviews = await Platform(base).users_with_interviews(count)
    await until_events_flow(ws_base, bootstrap, interviews[0])
    await asyncio.sleep(2.0)  # the probe socket's close settles
    rss_before = rss_bytes(pid)
    opening = time.monotonic()
    clients = start_clients(f"{ws_base}/api/v1/interviews/{{id}}/ws", interviews, per)
    assert clients.stdin is not None
    assert clients.stdout is not None
    try:
        ready = (await asyncio.to_thread(clients.stdout.readline)).split()
        open_seconds = time.monotonic() - opening
        opened, refused = int(ready[1]), int(ready[2])
        print(f"  {opened} sockets open in {open_seconds:.1f} s, {refused} refused; {load()}")
        await asyncio.sleep(2.0)
        rss_after = rss_bytes(pid)
        load_before = os.getloadavg()
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        profiler = start_profiler(pid, seconds)
        published = await publish(bootstrap, interviews, rate / per, seconds)
        publish_seconds = time.monotonic() - started
        await asyncio.sleep(DRAIN_SECONDS)
        if profiler is not None:
            profiler.wait(30)
        cpu_used = cpu_seconds(pid) - cpu_before
        load_after = os.getloadavg()
        counters = await metrics_of(base)
        clients.stdin.write("stop\n")
        clients.stdin.flush()
        result: dict[str, Any] = json.loads(await asyncio.to_thread(clients.stdout.readline))
    finally:
        try:
            clients.wait(30)
        except subprocess.TimeoutExpired:
            clients.kill()
            clients.wait()
    expected = published * per
    received = int(result["received"])
    latencies = result["latencies_ms"] or [float("nan")]
    per_delivery_us = cpu_used / max(received, 1) * 1e6
    per_socket_kib = (rss_after - rss_before) / max(opened, 1) / 1024
    note_load = f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    figures = [
        Figure(
            f"fan-out delivery latency from publish, p99 ({opened} sockets)",
            p99(latencies),
            "ms",
            50,
            note=f"p50 {p50(latencies):.1f} ms; {received / publish_seconds:.0f} deliveries/s",
        ),
        Figure(
            "gateway CPU per delivery",
            per_delivery_us,
            "us",
            20,
            note=f"{cpu_used:.1f} CPU s for {received} deliveries; {note_load}",
        ),
        Figure(
            "gateway memory per open socket (RSS growth)",
            per_socket_kib,
            "KiB",
            30,
            note=f"{rss_before / 2**20:.0f} MiB before, {rss_after / 2**20:.0f} MiB with sockets",
        ),
        Figure(
            "deliveries lost",
            expected - received,
            "",
            0,
            note=f"{received} of {expected}; closes {result['closes'] or 'none'}",
        ),
    ]
    save(
        "fanout",
        figures,
        {
            "sockets_asked": sockets,
            "sockets_open": opened,
            "sockets_refused": refused,
            "sockets_per_interview": per,
            "open_seconds": open_seconds,
            "rate_asked": rate,
            "events_published": published,
            "publish_seconds": publish_seconds,
            "deliveries_per_second": received / publish_seconds,
            "latency_p50_ms": p50(latencies),
            "latency_max_ms": max(latencies),
            "gateway_cpu_seconds": cpu_used,
            "rss_before_bytes": rss_before,
            "rss_with_sockets_bytes": rss_after,
            "gateway_counters": counters,
            "still_open_at_stop": result["still_open"],
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
    )


def run(sockets: int = 5000, rate: float = 2000, seconds: float = 20, per: int = 4) -> None:
    # 5,000 sockets are 5,000 descriptors in the gateway and in the clients.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    root = Path(tempfile.mkdtemp(prefix="whetstone-fanout-"))
    limits = {"auth": "100000/minute", "interviews": "1000000/minute"}
    config = StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        log_dir=root / "logs",
        extra_env={
            "GATEWAY_RATE_LIMITS": json.dumps(limits),
            "GATEWAY_WORKERS": "1",  # the goal is per gateway process
            "PRACTICE_MAX_OPEN_INTERVIEWS": str(INTERVIEWS_PER_USER),
            "LOG_LEVEL": "WARNING",
        },
    )
    print(f"  platform logs: {root / 'logs'}")
    with running_stack(config, load_pack=True) as stack:
        pid = stack.children["gateway"].process.pid
        bootstrap = f"127.0.0.1:{config.ports['broker']}"
        asyncio.run(measure(config, bootstrap, pid, sockets, rate, seconds, per))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=2000, help="deliveries per second")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--per-interview", type=int, default=4, help="sockets (tabs) each")
    args = parser.parse_args()
    run(args.sockets, args.rate, args.seconds, args.per_interview)
    write_doc()


if __name__ == "__main__":
    main()
