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
- **Sustained 20/s** is met with no lag growth (the burst, 24-29/s, is the ceiling on two
  cores shared by the broker, the judge, its database and the sandboxes). The bench's
  submissions come from 50 learners: one user's jobs hold one sandbox at a time
  (`EVALUATION_MAX_RUNNING_PER_USER`), so a one-user bench measures that cap (9.5/s), not
  the pool. A run sharing the machine with two test runs (load average 3) grew a lag of 86
  submissions; the table's run was on a quiet machine.
- **Judge latency at 5/s, p50 / sandboxed run time** is missed (3.9x) while its p99 (91 ms)
  is met: the sandboxed run got faster on this machine (19 ms for ten tests, 35 ms on
  2026-11-30) but the pipeline around it did not (p50 74 ms from the submission's publish to
  its result, 66 ms then). What that time is: the submission's produce and fetch through
  the broker, the run's SQLite transactions, the outbox publish of the result (with
  `acks=all` since the production issue) and the bench consumer's fetch, about 55 ms all
  told. What would close it: publish the result straight after the commit rather than
  through the relay's wake, bulk-insert the per-test results, and shorter fetch waits.
- **Gateway throughput at 32 connections** was 0.21x of direct with one gateway process: one
  uvicorn worker does the proxying in Python (aiohttp client, OpenTelemetry, RED metrics,
  problem handlers), while the direct figure is the trivial upstream alone. The bench runs
  the gateway with `GATEWAY_WORKERS` (2) and measures one worker in the same run (the note).
  On 2026-12-03 at a load average of about 3 the goal was met: 0.55x (5,473/s against
  10,014/s direct; one worker 2,831/s, 0.28x). On a busier machine (load average about 6)
  two workers gave 0.31x (1,824/s against 5,918/s) and lost to one (2,149/s), since wrk, the
  upstream and both workers share two CPUs and each worker pays its own event loop, fan-out
  reader and metrics. So the ratio moves with the load; what would make it hold on a busy
  machine is less per-request Python (a C-level reverse proxy in front for plain
  pass-through routes). The aiohttp client was chosen because httpx's pool collapses under
  concurrency; no span is made per message sent or received.
- **JWT verification** measures 77-110 us between runs on this shared machine (107 us in the
  table's run, 157 us with the load average at 6); it is one RS256 signature check
  (cryptography's OpenSSL binding) plus PyJWT's claim checks, so the goal is a matter of the
  CPU's speed and load rather than of our code.
- **Rate-limit check** is one Lua script that counts, starts the window and returns its
  reset: one Redis round trip (0.15 ms p50 in the table).
- **Gateway throughput at 32 connections / at 1** is 2.0 with two workers on a quiet machine
  and about 1.0 with one (0.94-1.04 between runs): one worker is saturated at one
  connection already.

## The interview fan-out (`python -m bench.fanout`)

5,000 sockets (1,250 interviews of 4 tabs, 50 learners; each socket admitted for real: an
identity token and practice's `GET /interviews/{id}`) on one gateway process, client sockets in
another process, InterviewEvents published on the Tansu broker at 2,000 deliveries a second.

- **CPU per delivery** was 195 us at first (py-spy, load average about 5): a third of it was
  OpenTelemetry's ASGI middleware making a span for every frame sent. The socket route is now
  untraced and no route makes per-message spans: 111 us in the next profiled run, 91 us in
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
- **p99 from publish** was 33 ms (p50 11 ms) in the table's run at a load average of about
  3: the goal is met. With other runs keeping the load average at 7-8 on two cores it was
  86 ms (p50 15 ms). The gateway's one event loop shares the CPUs with the broker, the
  publisher, the clients and whatever else runs; the 20 ms fetch wait is in every figure.
  Nothing was lost in any run: every event reached every socket.

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
