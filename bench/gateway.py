"""Issue 3's figures: the gateway's latency tax and throughput, JWT verification.

The gateway runs with GATEWAY_WORKERS processes (default 2 here, as `make run` starts it):
one process proxying in Python tops out near a quarter of the trivial upstream's rate. Every
worker is a replica (rate limits live in Redis, each reads the interview topic on its own).
`python -m bench.gateway` runs this section alone.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import timeit
from pathlib import Path

from bench.report import Figure, p50, save
from servicekit.testing.infra import free_port, wait_for_port
from servicekit.testing.tokens import TokenFactory

UPSTREAM = textwrap.dedent("""
    import sys
    from fastapi import FastAPI
    import uvicorn
    app = FastAPI()

    @app.get("/api/v1/problems/ping")
    async def ping() -> dict:
        return {"ok": True}

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)
""")


def wrk(url: str, token: str, connections: int, seconds: int = 5) -> tuple[float, float]:
    """(requests per second, p50 latency in ms) from wrk."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(connections, 2)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    latency = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, latency


GATEWAY_WORKERS = int(os.environ.get("GATEWAY_WORKERS", "2"))


def gateway_rps(upstream_port: int, workers: int) -> tuple[float, float, float]:
    """(rps at 1 connection, its p50 in ms, rps at 32) through a gateway of `workers`."""
    gateway_port = free_port()
    env = {
        **os.environ,
        "GATEWAY_CONTENT_URL": f"http://127.0.0.1:{upstream_port}",
        "GATEWAY_PORT": str(gateway_port),
        "LOG_LEVEL": "CRITICAL",  # no broker here: the fan-out reader's retries are noise
        "IDENTITY_URL": f"http://127.0.0.1:{free_port()}",
        "GATEWAY_WORKERS": str(workers),
    }
    gateway = subprocess.Popen([sys.executable, "-m", "gateway", "serve"], env=env)
    try:
        wait_for_port("127.0.0.1", gateway_port, timeout=90)  # imports are slow on a busy machine
        time.sleep(2.0)  # every worker up, not only the first to bind
        # The benchmark gateway cannot reach an identity, so it proxies without a token check;
        # JWT verification is measured on its own below.
        proxied = f"http://127.0.0.1:{gateway_port}/api/v1/problems/ping"
        wrk(proxied, "", 4, 2)  # warm up
        rps_1, p50_1 = wrk(proxied, "", 1)
        rps_32, _ = wrk(proxied, "", 32)
        return rps_1, p50_1, rps_32
    finally:
        gateway.terminate()
        gateway.wait(15)


async def run(workers: int = GATEWAY_WORKERS) -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    tokens = TokenFactory()
    token = tokens.token("bench-user")
    folder = Path(tempfile.mkdtemp())
    script = folder / "upstream.py"
    script.write_text(UPSTREAM)
    upstream_port = free_port()
    upstream = subprocess.Popen([sys.executable, str(script), str(upstream_port)])
    try:
        wait_for_port("127.0.0.1", upstream_port)
        direct = f"http://127.0.0.1:{upstream_port}/api/v1/problems/ping"
        plain = ""
        wrk(direct, plain, 4, 2)  # warm up
        direct_1, direct_p50 = wrk(direct, plain, 1)
        direct_32, _ = wrk(direct, plain, 32)
        # One worker as the baseline, then the configured count, both in this run.
        one_worker_32 = gateway_rps(upstream_port, 1)[2] if workers > 1 else None
        gateway_1, gateway_p50, gateway_32 = gateway_rps(upstream_port, workers)
        load = "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    finally:
        upstream.terminate()
        upstream.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    from servicekit.auth import TokenVerifier

    verifier = TokenVerifier(tokens, issuer=tokens.issuer, audience=tokens.audience)
    rounds = 2000
    best = min(timeit.repeat(lambda: verifier.verify(token), number=rounds, repeat=5))
    verify_us = best / rounds * 1e6
    limit_ms = await rate_limit_check_ms()
    figures = [
        Figure(
            "gateway latency tax at 1 connection (p50)",
            gateway_p50 - direct_p50,
            "ms",
            1.0,
            note=f"{gateway_p50:.2f} ms through the gateway vs {direct_p50:.2f} ms direct",
        ),
        Figure(
            "throughput through the gateway at 32 connections / direct",
            gateway_32 / direct_32,
            "x",
            0.4,
            higher_is_better=True,
            note=f"{gateway_32:.0f}/s vs {direct_32:.0f}/s with {workers} gateway workers"
            + (f" ({one_worker_32:.0f}/s with 1)" if one_worker_32 else "")
            + f"; {load}",
        ),
        Figure(
            "gateway throughput at 32 connections / at 1",
            gateway_32 / gateway_1,
            "x",
            1.0,
            higher_is_better=True,
            note=f"{gateway_32:.0f}/s vs {gateway_1:.0f}/s",
        ),
        Figure("JWT verification (RS256, p50 of best run)", verify_us, "us", 100),
        Figure("rate-limit check against the local Redis (p50)", limit_ms, "ms", 0.3),
    ]
    save(
        "gateway",
        figures,
        {
            "direct_1_rps": direct_1,
            "gateway_1_rps": gateway_1,
            "direct_32_rps": direct_32,
            "gateway_32_rps": gateway_32,
            "gateway_workers": workers,
            "gateway_32_rps_one_worker": one_worker_32,
            "load_average": os.getloadavg(),
            "started": time.time(),
        },
    )


async def rate_limit_check_ms() -> float:
    """One gateway rate-limit decision (one Lua script: count and reset) against the local Redis."""
    from gateway.ratelimit import RateLimits

    limits = RateLimits({"questions": "1000000/minute"}, "redis://127.0.0.1:6379/15")
    samples = []
    for n in range(500):
        started = time.perf_counter()
        await limits.check("questions", user_id=f"bench-{n % 50}", address="127.0.0.1")
        samples.append((time.perf_counter() - started) * 1000)
    return p50(samples)


if __name__ == "__main__":
    from bench.report import write_doc

    asyncio.run(run())
    write_doc()
