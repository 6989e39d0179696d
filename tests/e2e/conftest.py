"""The platform started as `make run` starts it, on free ports, for the whole e2e session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from servicekit.devstack import DEFAULT_PORTS, StackConfig, running_stack
from servicekit.testing.accounts import Account, login, register
from servicekit.testing.client import when_ready
from servicekit.testing.infra import free_port
from servicekit.testing.launcher import Launchers

ADMIN = {"email": "admin@example.com", "password": "an admin password for tests"}


def stack_config(root: Path, **env: str) -> StackConfig:
    """The platform every e2e test drives; `env` adds to (or overrides) its environment."""
    return StackConfig(
        data_dir=root / "data",
        ports={name: free_port() for name in DEFAULT_PORTS},
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
        log_dir=root / "logs",
        extra_env={
            "PLATFORM_ADMIN_EMAIL": ADMIN["email"],
            "PLATFORM_ADMIN_PASSWORD": ADMIN["password"],
            "WHETSTONE_ENV": "test",
            # every test signs up from the same address: lift the 5/minute auth limit
            "GATEWAY_RATE_LIMITS": '{"auth": "200/minute"}',
            # a written response's AI feedback opens at once instead of 5 minutes after
            "PRACTICE_FEEDBACK_UNLOCK_MINUTES": "0",
            **env,
        },
    )


@contextmanager
def started(config: StackConfig) -> Iterator[StackConfig]:
    try:
        with running_stack(config):
            yield config
    finally:
        _print_logs_on_failure(config.log_dir)


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackConfig]:
    with started(stack_config(tmp_path_factory.mktemp("platform"))) as config:
        yield config


@pytest.fixture
def launchers() -> Iterator[Launchers]:
    """Launchers for one test; any still running when it ends (a failed assert) is stopped."""
    with Launchers() as started:
        yield started


def _print_logs_on_failure(log_dir: Path | None) -> None:
    # The services' logs are the first thing to read when an e2e test fails.
    print(f"\nservice logs: {log_dir}")


@pytest.fixture
def api(platform: StackConfig) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{platform.url('gateway')}/api/v1", timeout=40.0) as client:
        yield client


SignUp = Callable[[], Account]


@pytest.fixture
def sign_up(api: httpx.Client) -> SignUp:
    """Registers a new learner and logs them in."""
    return lambda: register(api)


@pytest.fixture
def learner(sign_up: SignUp) -> dict[str, str]:
    """Auth headers of a newly registered learner."""
    return sign_up().headers


@pytest.fixture
def admin(api: httpx.Client) -> dict[str, str]:
    return login(api, ADMIN["email"], ADMIN["password"])


PAIR_PROBLEM = "best-pair-within-budget"
# A thinking gate that passes for PAIR_PROBLEM (TWO_POINTERS; practice.domain.gate).
PAIR_GATE = {
    "step_type": "THINKING_GATE",
    "selected_pattern": "TWO_POINTERS",
    "stated_invariant": (
        "The left and right pointers move inward over the sorted prices: the right one is "
        "discarded whenever the pair is over budget."
    ),
}


def coding_attempt(api: httpx.Client, headers: dict[str, str]) -> str:
    """A fresh attempt on PAIR_PROBLEM with its thinking gate cleared: it takes code now."""
    started = when_ready(
        lambda: api.post("/attempts", json={"problem_id": PAIR_PROBLEM}, headers=headers)
    )
    assert started.status_code in (200, 201), started.text
    attempt_id = str(started.json()["attempt"]["id"])
    if started.json()["resumed"]:  # one open attempt per problem: give it up, start anew
        assert api.post(f"/attempts/{attempt_id}/abandon", headers=headers).status_code == 200
        return coding_attempt(api, headers)
    gate = api.post(f"/attempts/{attempt_id}/steps", json=PAIR_GATE, headers=headers)
    assert gate.status_code == 200, gate.text
    assert gate.json()["passed"] is True, gate.text
    return attempt_id
