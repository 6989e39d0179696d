"""`make fuzz`: schemathesis over the gateway's OpenAPI document, as a student and as an admin.

The platform starts as the end-to-end tests start it (every part a process, on free ports);
each role gets a time budget. Checks: no 5xx, and answers match the schema the document
declares. Exits 1 when a check failed, printing where the reports are.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from gateway.routing import API, OWNERS
from servicekit.devstack import DEFAULT_PORTS, StackConfig, running_stack
from servicekit.testing.accounts import login, register
from servicekit.testing.infra import free_port

ADMIN = {"email": "fuzz-admin@example.com", "password": "an admin password for fuzzing"}
SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli", "run"]
CHECKS = "not_a_server_error,response_schema_conformance"
# Above the longest `?wait=` hold the API allows (30 s).
REQUEST_TIMEOUT_SECONDS = 40
# Logging out revokes the very token the run uses; its own tests cover it.
EXCLUDED = ["POST /api/v1/auth/logout"]
# The fuzzer registers and logs in far more often than a person; sandbox work keeps its limit.
RATE_LIMITS = {name: "10000/minute" for name in ("auth", "questions", "interviews", "feedback")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("FUZZ_SECONDS", "90")),
        help="time budget per role (env FUZZ_SECONDS, default 90)",
    )
    # One worker: CPython 3.11's ast module is not thread-safe ("AST constructor recursion depth
    # mismatch"), and hypothesis parses lambdas while drawing.
    parser.add_argument("--workers", type=int, default=int(os.environ.get("FUZZ_WORKERS", "1")))
    parser.add_argument("--seed", type=int, default=None, help="repeat a run exactly")
    parser.add_argument(
        "--report-dir", type=Path, default=Path("data/fuzz"), help="where the reports go"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="whetstone-fuzz-") as root:
        config = platform_config(Path(root))
        with running_stack(config):
            gateway = config.url("gateway")
            wait_for_every_service_in_the_document(gateway)
            tokens = role_tokens(gateway)
            results = {role: fuzz(gateway, role, token, args) for role, token in tokens.items()}
    print()
    for role, summary in results.items():
        first, *rest = summary.lines()
        print(f"fuzz {role}: {first}", *rest, sep="\n")
    failed = sum(summary.failed_cases for summary in results.values())
    passed = sum(summary.test_cases for summary in results.values()) - failed
    print(f"fuzz: {passed} passed, {failed} failed")
    return 1 if any(summary.failed for summary in results.values()) else 0


def platform_config(root: Path) -> StackConfig:
    return StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
        log_dir=root / "logs",
        extra_env={
            "PLATFORM_ADMIN_EMAIL": ADMIN["email"],
            "PLATFORM_ADMIN_PASSWORD": ADMIN["password"],
            "WHETSTONE_ENV": "test",
            "GATEWAY_RATE_LIMITS": json.dumps(RATE_LIMITS),
        },
    )


def wait_for_every_service_in_the_document(gateway: str, timeout: float = 60.0) -> None:
    """The gateway merges the services' documents in the background, soon after it starts."""
    deadline = time.monotonic() + timeout
    while True:
        paths = httpx.get(f"{gateway}/openapi.json", timeout=10.0).json()["paths"]
        missing = [
            service
            for service, prefixes in OWNERS.items()
            if not any(path.startswith(API + prefix) for path in paths for prefix in prefixes)
        ]
        if not missing:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"the gateway's document never included: {', '.join(missing)}")
        time.sleep(0.5)


def role_tokens(gateway: str) -> dict[str, str]:
    """Bearer tokens issued by the real identity service."""
    with httpx.Client(base_url=f"{gateway}/api/v1", timeout=30.0) as api:
        student = register(api).headers["Authorization"]
        admin = login(api, ADMIN["email"], ADMIN["password"])["Authorization"]
    return {"student": student, "admin": admin}


@dataclass(frozen=True)
class Summary:
    """What one role's run found, read from schemathesis's JSON report."""

    operations: int
    test_cases: int
    failed_cases: int
    failures: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    stop_reason: str
    report: Path

    @classmethod
    def read(cls, report: Path) -> Summary:
        data = json.loads(report.read_text())
        return cls(
            operations=data["operations"]["tested"],
            test_cases=data["test_cases"]["generated"],
            failed_cases=data["test_cases"]["with_failures"] + data["test_cases"]["errored"],
            failures=data["failures"],
            errors=data["errors"],
            stop_reason=data["stop_reason"],
            report=report,
        )

    @property
    def failed(self) -> bool:
        return bool(self.failures or self.errors)

    def lines(self) -> list[str]:
        head = (
            f"{self.operations} operations, {self.test_cases} test cases, "
            f"{sum(f['count'] for f in self.failures)} failures, "
            f"{sum(e['count'] for e in self.errors)} errors (stopped: {self.stop_reason})"
        )
        found = [
            f"  {f['title']} x{f['count']}: {', '.join(f['operations'])}" for f in self.failures
        ]
        errors = [f"  error: {e['title']} x{e['count']}" for e in self.errors]
        return [head, *found, *errors, f"  report: {self.report}"]


def fuzz(gateway: str, role: str, token: str, args: argparse.Namespace) -> Summary:
    report = args.report_dir.resolve() / role / "report.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [
        *SCHEMATHESIS,
        f"{gateway}/openapi.json",
        f"--checks={CHECKS}",
        f"--header=Authorization: {token}",
        f"--max-time={args.seconds}",
        f"--workers={args.workers}",
        f"--request-timeout={REQUEST_TIMEOUT_SECONDS}",
        "--report=json,ndjson",
        f"--report-json-path={report}",
        f"--report-ndjson-path={report.with_suffix('.ndjson')}",
        *[f"--exclude-name={operation}" for operation in EXCLUDED],
    ]
    if args.seed is not None:
        command.append(f"--seed={args.seed}")
    print(f"\n== fuzzing as {role} for {args.seconds}s", flush=True)
    done = subprocess.run(command, check=False)  # the report says what failed
    if not report.is_file():
        raise SystemExit(f"schemathesis wrote no report (exit code {done.returncode})")
    return Summary.read(report)


if __name__ == "__main__":
    sys.exit(main())
