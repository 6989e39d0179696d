"""The platform started as `make run` starts it, on free ports, for the whole e2e session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from servicekit.devstack import DEFAULT_PORTS, StackConfig, running_stack
from servicekit.testing.accounts import Account, login, register
from servicekit.testing.infra import free_port

ADMIN = {"email": "admin@example.com", "password": "an admin password for tests"}


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackConfig]:
    root = tmp_path_factory.mktemp("platform")
    config = StackConfig(
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
        },
    )
    try:
        with running_stack(config):
            yield config
    finally:
        _print_logs_on_failure(root / "logs")


def _print_logs_on_failure(log_dir: Path) -> None:
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
