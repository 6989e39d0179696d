"""`make load`: a few hundred learners doing the coding loop, then the same with one hostile user.

Both phases run against one platform started as `make run` starts it, so the ratio of the
learners' p99 latency with and without the hostile user is measured in the same run. The
hostile user loops sandbox work (code runs that spin until their time limit, and debug-lab
test runs) from several connections at once, ignoring 429s. Afterwards every submission that
was accepted must reach a result: none may be lost.

Bounded in count and time, on loopback only: LOAD_LEARNERS (200), LOAD_PHASE_SECONDS (150 per
phase), LOAD_HOSTILE_LOOPS (8).
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from bench.report import Figure, p50, p99, save, write_doc
from servicekit.devstack import DEFAULT_PORTS, StackConfig, running_stack
from servicekit.testing.accounts import PASSWORD
from servicekit.testing.infra import free_port

ADMIN = {"email": "load-admin@example.com", "password": "an admin password for the load run"}
THINK_SECONDS = (20.0, 40.0)  # between two rounds of one learner's loop
SPIN = "while True:\n    pass\n"
PENDING = {"queued", "running"}
PACK = Path(__file__).resolve().parents[1] / "services" / "content" / "pack" / "coding"


@dataclass
class Tally:
    """What the learners (never the hostile user) saw."""

    latencies_ms: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    submissions: list[tuple[dict[str, str], str]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(n for code, n in self.answers.items() if not code.startswith(("2", "4")))


class Client:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def call(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        tally: Tally | None = None,
        **kwargs: Any,
    ) -> tuple[int, Any]:
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, f"{self.base}{path}", headers=headers, **kwargs
            ) as response:
                body = await response.json(content_type=None) if response.content_length else None
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            status, body = 0, str(error)
        if tally is not None:
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            tally.answers[str(status) if status else "transport error"] += 1
        return status, body

    async def sign_up(self) -> dict[str, str]:
        email = f"load-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": PASSWORD, "full_name": "Load Learner"}
        status, answer = await self.call("POST", "/auth/register", json=body)
        if status != 201:
            raise RuntimeError(f"sign-up answered {status}: {answer}")
        return {"Authorization": f"Bearer {answer['access_token']}"}


async def learner(
    client: Client, auth: dict[str, str], problem: dict[str, Any], until: float, tally: Tally
) -> None:
    """Read the problem, try the code on an input, submit it and wait for the verdict; repeat."""
    rng = random.Random()
    await asyncio.sleep(rng.uniform(0, THINK_SECONDS[1]))  # learners do not start in step
    status, started = await client.call(
        "POST", "/attempts", auth, tally, json={"problem_id": problem["id"]}
    )
    if status not in (200, 201):
        return
    attempt_id = started["attempt"]["id"]
    steps = f"/attempts/{attempt_id}/steps"
    await client.call("POST", steps, auth, tally, json=_thinking_gate(problem["id"]))
    code = problem["starter_code"]["python"]
    while time.monotonic() < until:
        await client.call("GET", f"/problems/{problem['id']}", auth, tally)
        run = {"language": "python", "code": "print(sum(range(1000)))\n"}
        await client.call("POST", "/runs", auth, tally, json=run)
        status, answer = await client.call(
            "POST",
            f"/attempts/{attempt_id}/submissions",
            auth,
            tally,
            params={"wait": "10"},
            json={"language": "python", "code": code},
        )
        if status in (200, 202):
            tally.submissions.append((auth, answer["submission"]["id"]))
        # a judged wrong answer leaves CODING: reflect on it to code again
        status, shown = await client.call("GET", f"/attempts/{attempt_id}", auth, tally)
        if status == 200 and shown.get("reflection"):
            option = shown["reflection"]["options"][0]["id"]
            body = {"step_type": "REFLECTION", "selected_option_id": option}
            await client.call("POST", steps, auth, tally, json=body)
        await asyncio.sleep(rng.uniform(*THINK_SECONDS))


def _thinking_gate(problem_id: str) -> dict[str, Any]:
    """A prepared learner's gate: the problem's pattern and invariant, as the pack holds them."""
    problem = yaml.safe_load((PACK / f"{problem_id}.yaml").read_text())
    return {
        "step_type": "THINKING_GATE",
        "selected_pattern": problem["pattern"],
        "stated_invariant": problem["invariant"],
    }


async def hostile(client: Client, auth: dict[str, str], until: float, loops: int) -> Counter[str]:
    """Several connections looping sandbox work as fast as the platform lets them."""
    seen: Counter[str] = Counter()
    lab = await _debug_lab_attempt(client, auth)

    async def loop(index: int) -> None:
        while time.monotonic() < until:
            body: dict[str, Any]
            if lab is not None and index % 2:
                path, body = f"/debug-lab/attempts/{lab}/run-tests", {"files": {}}
            else:
                path, body = "/runs", {"language": "python", "code": SPIN}
            status, _ = await client.call("POST", path, auth, json=body)
            seen[str(status)] += 1
            if status == 0:
                await asyncio.sleep(0.1)  # the connection failed: do not spin on it

    await asyncio.gather(*(loop(i) for i in range(loops)))
    return seen


async def _debug_lab_attempt(client: Client, auth: dict[str, str]) -> str | None:
    """An attempt whose triage is done, so its tests may be run over and over."""
    status, listing = await client.call("GET", "/debug-lab/next", auth)
    if status != 200:
        return None
    item = listing["item"]
    status, started = await client.call(
        "POST", "/debug-lab/attempts", auth, json={"item_id": item["id"]}
    )
    if status not in (200, 201):
        return None
    attempt_id: str = started["attempt"]["id"]
    triage = {
        "category": "Functional",
        "severity": "Major",
        "priority": "High",
        "first_actions": "Reproduce it with the failing test, then read the logs.",
    }
    await client.call(
        "POST", f"/debug-lab/attempts/{attempt_id}/triage", auth, json=triage, params={"wait": "10"}
    )
    return attempt_id


async def lost(client: Client, tally: Tally, within: float = 120.0) -> int:
    """Accepted submissions that never reached a result."""
    deadline = time.monotonic() + within
    waiting = list(tally.submissions)
    while waiting and time.monotonic() < deadline:
        still = []
        for auth, submission_id in waiting:
            status, body = await client.call("GET", f"/submissions/{submission_id}", auth)
            if status != 200 or body["submission"]["status"] in PENDING:
                still.append((auth, submission_id))
        waiting = still
        if waiting:
            await asyncio.sleep(2)
    return len(waiting)


async def phase(
    client: Client,
    learners: list[dict[str, str]],
    problems: list[dict[str, Any]],
    seconds: float,
    hostile_auth: dict[str, str] | None,
    loops: int,
) -> tuple[Tally, Counter[str]]:
    tally = Tally()
    until = time.monotonic() + seconds
    work = [
        learner(client, auth, problems[i % len(problems)], until, tally)
        for i, auth in enumerate(learners)
    ]
    if hostile_auth is None:
        await asyncio.gather(*work)
        return tally, Counter()
    learning = asyncio.gather(*work)  # scheduled now, alongside the hostile loops
    seen = await hostile(client, hostile_auth, until, loops)
    await learning
    return tally, seen


async def drive(base: str, learners: int, seconds: float, loops: int) -> dict[str, Any]:
    connector = aiohttp.TCPConnector(limit=learners + loops + 20)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        client = Client(session, base)
        print(f"  signing up {2 * learners + 1} learners")
        accounts = [await client.sign_up() for _ in range(2 * learners + 1)]
        _, listing = await client.call(
            "GET", "/problems", accounts[0], params={"kind": "coding", "limit": "100"}
        )
        problems = [p for p in listing["items"] if "python" in p.get("starter_code", {})]
        await _until_practice_knows(client, accounts[0], problems)
        print(f"  phase 1: {learners} learners for {seconds:.0f}s")
        quiet, _ = await phase(client, accounts[:learners], problems, seconds, None, loops)
        print(f"  phase 2: {learners} other learners and one hostile user for {seconds:.0f}s")
        loud, seen = await phase(
            client, accounts[learners:-1], problems, seconds, accounts[-1], loops
        )
        print("  waiting for every accepted submission's result")
        return {
            "quiet": quiet,
            "loud": loud,
            "hostile_answers": dict(seen),
            "lost": await lost(client, quiet) + await lost(client, loud),
        }


async def _until_practice_knows(
    client: Client, auth: dict[str, str], problems: list[dict[str, Any]], within: float = 60.0
) -> None:
    """Practice's read model of the catalogue fills from events a moment after start-up."""
    deadline = time.monotonic() + within
    for problem in problems:
        body = {"problem_id": problem["id"]}
        while (await client.call("POST", "/attempts", auth, json=body))[0] == 404:
            if time.monotonic() > deadline:
                raise RuntimeError(f"practice does not know {problem['id']}")
            await asyncio.sleep(0.5)


def summary(tally: Tally) -> dict[str, Any]:
    return {
        "requests": len(tally.latencies_ms),
        "p50_ms": p50(tally.latencies_ms),
        "p99_ms": p99(tally.latencies_ms),
        "answers": dict(tally.answers),
        "submissions": len(tally.submissions),
    }


def main() -> None:
    learners = int(os.environ.get("LOAD_LEARNERS", "200"))
    seconds = float(os.environ.get("LOAD_PHASE_SECONDS", "150"))
    loops = int(os.environ.get("LOAD_HOSTILE_LOOPS", "8"))
    root = Path(tempfile.mkdtemp(prefix="whetstone-load-"))
    config = StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
        log_dir=root / "logs",
        extra_env={
            "PLATFORM_ADMIN_EMAIL": ADMIN["email"],
            "PLATFORM_ADMIN_PASSWORD": ADMIN["password"],
            "WHETSTONE_ENV": "test",
            # every simulated learner signs up from this one address
            "GATEWAY_RATE_LIMITS": '{"auth": "100000/minute"}',
            "LOG_LEVEL": "WARNING",
        },
    )
    print(f"starting the platform (logs in {root / 'logs'})")
    with running_stack(config):
        base = f"{config.url('gateway')}/api/v1"
        outcome = asyncio.run(drive(base, learners, seconds, loops))
    quiet, loud = summary(outcome["quiet"]), summary(outcome["loud"])
    errors = outcome["quiet"].errors + outcome["loud"].errors
    figures = [
        Figure(
            "learners' p99 with a hostile user / without",
            loud["p99_ms"] / quiet["p99_ms"],
            "x",
            2.0,
            note=f"{loud['p99_ms']:.0f} ms vs {quiet['p99_ms']:.0f} ms; p50 "
            f"{loud['p50_ms']:.0f} vs {quiet['p50_ms']:.0f} ms; {learners} learners",
        ),
        Figure("accepted submissions without a result", outcome["lost"], "", 0),
        Figure("learners' 5xx and transport errors", errors, "", 0),
    ]
    save(
        "load",
        figures,
        {
            "learners": learners,
            "phase_seconds": seconds,
            "hostile_loops": loops,
            "without_hostile": quiet,
            "with_hostile": loud,
            "hostile_answers": outcome["hostile_answers"],
        },
    )
    write_doc()


if __name__ == "__main__":
    main()
