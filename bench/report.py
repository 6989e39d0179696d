"""Figures, their goals, and the results files (`bench/results/*.json`, `docs/benchmarks.md`)."""

from __future__ import annotations

import json
import platform
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    goal: float
    higher_is_better: bool = False
    note: str = ""

    @property
    def met(self) -> bool:
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal

    @property
    def versus_goal(self) -> str:
        if self.met:
            return "met"
        if self.goal == 0:  # a count that should be none: the miss is the count itself
            return f"missed: {self.value:g} {self.unit}".rstrip()
        factor = self.goal / self.value if self.higher_is_better else self.value / self.goal
        return f"missed by {factor:.2f}x"


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def save(section: str, figures: list[Figure], details: dict[str, object]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "section": section,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "figures": [asdict(f) | {"met": f.met, "versus_goal": f.versus_goal} for f in figures],
        "details": details,
    }
    (RESULTS / f"{section}.json").write_text(json.dumps(payload, indent=2) + "\n")
    for figure in figures:
        print(
            f"  {figure.name:<62} {figure.value:>10.3f} {figure.unit:<8} "
            f"goal {'>=' if figure.higher_is_better else '<='} {figure.goal:<6} "
            f"{figure.versus_goal}"
        )


ANALYSIS = """## Why some goals are missed (and what would close them)

- **Sandbox start-up vs a bare interpreter.** Measured phase by phase (Python, one test, p50):
  bubblewrap's namespaces and mounts about 5-6 ms (the network namespace alone about 2 ms, the
  PID namespace about 1.7 ms), the harness's own interpreter start (the same as the bare start),
  compiling and loading the code through the request pipe about 3 ms, and tearing down (kill,
  reap, cgroup and work folder removal) about 1.5 ms. The cgroup move happens in a thread,
  since the kernel's cgroup lock makes it take milliseconds when other processes fork.
  Dropping a namespace would buy the goal at the cost of isolation, so we do not. What would
  close it: a pre-forked harness per language (a zygote) that forks into a fresh namespace
  for each submission, so the interpreter start is paid once.
- **Sustained 20/s and the judge latency** are met, but with little headroom on two cores
  (the burst figure is the ceiling): the broker, the judge, its database and the sandboxes
  share them, and the benchmark's own producer and consumer run in the service's event loop.
  Moving the cgroup join off the event loop was worth about 7% of throughput. Next steps:
  bulk-insert the per-test results, and publish the outbox outside SQLite's write lock (every
  SQLite transaction takes it up front to avoid busy errors).
- **Gateway throughput at 32 connections** was 0.21x of direct with one gateway process: one
  uvicorn worker does the proxying in Python (aiohttp client, OpenTelemetry, RED metrics,
  problem handlers), while the direct figure is the trivial upstream alone. The bench now runs
  the gateway with `GATEWAY_WORKERS` (2) and measures one worker in the same run for
  comparison (the note). On two cores the second worker lost: 1,824/s with two against
  2,149/s with one (load average about 6 from other runs), since wrk, the upstream and both
  workers share the CPUs and each worker pays its own event loop, fan-out reader and
  metrics. With one worker the ratio was 0.36x in that run. Part of the rise from
  0.21x is the direct figure falling on the busy machine (5,918/s against 10,066/s before),
  part the tracing change (no span per message sent or received, on HTTP routes too); the
  two were not measured apart. The ratio moves with load. More cores, or a proxy path with
  less per-request Python (a C-level reverse proxy in front for plain pass-through routes),
  are what would close it; the aiohttp client was chosen because httpx's pool collapses
  under concurrency.
- **JWT verification** measures 77-110 us between runs on this shared machine (157 us with
  the load average at 6 from other runs); the goal is
  met on a quiet one. It is one RS256 signature check (cryptography's OpenSSL binding) plus
  PyJWT's claim checks.
- **Rate-limit check** (the 0.36 ms in the table was measured with two Redis round trips) is
  now one Lua script that counts, starts the window and returns its reset: 0.14 ms p50 when
  measured alone on 2026-12-02 (`bench.gateway.rate_limit_check_ms`); the table changes at the
  next full `make bench`.
- **Gateway throughput at 32 connections / at 1** sits around 1.0 (0.94-1.04 between runs with
  one worker, 1.12 with two): one worker is saturated at one connection already, and two
  help only when cores are free.

## The interview fan-out (`python -m bench.fanout`)

5,000 sockets (1,250 interviews of 4 tabs, 50 learners; each socket admitted for real: an
identity token and practice's `GET /interviews/{id}`) on one gateway process, client sockets in
another process, InterviewEvents published on the Tansu broker at 2,000 deliveries a second.

- **CPU per delivery** was 195 us at first (py-spy, load average about 5): a third of it was
  OpenTelemetry's ASGI middleware making a span for every frame sent. The socket route is now
  untraced and no route makes per-message spans: 111 us in the next profiled run, 100 us in
  the table's. What is left, by profile: the socket write itself (about a quarter: on
  loopback the kernel's write also runs the receiver's TCP path in the gateway's time), the
  event loop waking one sender task per socket and delivery, the Starlette/uvicorn send chain
  and websockets' frame building (per socket: ASGI has no "same bytes to many sockets"), the
  Kafka fetch loop (a fetch every 20 ms so latency stays low: a fixed cost, not per delivery)
  and 250 keepalive pings a second. 20 us needs the frame written once as bytes to every
  transport with no per-socket task, below ASGI (a websocket server of our own, or a C one
  such as Centrifugo), not a Python tweak.
- **Memory per socket** (RSS growth over the idle gateway, divided by open sockets) was about
  57 KiB; declining permessage-deflate (browsers offer it; the bench client does too) and no
  span per socket brought it to 45 KiB. What remains is per connection in uvicorn and
  websockets (protocol objects, parser, scope and headers), the ASGI call chain's coroutine
  frames, one sender task, the hub's queue and the expiry timer. Next steps: one sender for
  all sockets instead of a task each (needs a write that never waits, which uvicorn's
  sans-I/O protocol gives but ASGI does not promise), fewer per-socket objects.
- **p99 from publish** was 86 ms with p50 15 ms in the table's run, with other runs keeping
  the load average at 7-8 on two cores (a 200-socket run: p99 19 ms). The gateway's one event
  loop shares the CPUs with the broker, the publisher, the clients and whatever else runs;
  the 20 ms fetch wait is in every figure. Nothing was lost in any run: every event reached
  every socket.

## What the load run shows (`make load`)

- The learners' p99 is the `?wait=10` submissions that time out and answer 202 (the result
  still arrives and is counted: nothing is lost). It moves between quiet runs (2.2 s and 6.1 s
  without the hostile user on this machine), so the ratio does too; with the hostile user it
  sits at the 10 s hold. The first full run missed the goal (4.6x) because the hostile user's
  spinning jobs came to hold every judge worker; since one user's jobs hold at most
  `EVALUATION_MAX_RUNNING_PER_USER` sandboxes (default 1), it is met (1.75x), and the hostile
  user's ~36,000 refused requests in 150 s are refused in the gateway without a Redis call.
- The learners' 409s with the hostile user are the script's own: after a 202 it submits again
  before the verdict has moved the attempt to REFLECTION.
- On two cores the judge is the ceiling: 805 learner submissions in 150 s without the hostile
  user (5.4/s), 569 with (3.8/s), with the
  broker, six services and the sandboxes sharing the CPUs. More cores or evaluation replicas
  lower the p99 directly; the ratio is what the fairness work protects.
- A run is not quiet if anything else uses the CPUs: one run during a `uv sync` gave a 19.5 s
  p99 without the hostile user and a meaningless 0.54x.
"""


def write_doc() -> None:
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` on the machine it ran on; every goal is a ratio against a",
        "baseline measured in the same run (or an absolute figure where the issue sets one).",
        "Raw figures and details are in `bench/results/*.json`.",
        "",
    ]
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        lines += [
            f"## {data['section']}",
            "",
            f"Measured {data['measured_at']} on {data['machine']['cpus']} CPUs, "
            f"Python {data['machine']['python']}.",
            "",
            "| figure | value | goal | result | note |",
            "|---|---|---|---|---|",
        ]
        for f in data["figures"]:
            op = ">=" if f["higher_is_better"] else "<="
            lines.append(
                f"| {f['name']} | {f['value']:.3f} {f['unit']} | {op} {f['goal']} "
                f"| {f['versus_goal']} | {f['note']} |"
            )
        lines.append("")
    lines.append(ANALYSIS)
    DOC.write_text("\n".join(lines))
