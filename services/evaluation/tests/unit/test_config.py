"""Evaluation's own settings rules: no judge without its sandbox in production, leases that hold."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evaluation.config import Settings

PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+asyncpg://whetstone@db/evaluation",
    "redis_url": "redis://redis:6379/0",
}


def test_an_unsandboxed_judge_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="EVALUATION_ALLOW_UNSANDBOXED must be false"):
        Settings(**PRODUCTION, allow_unsandboxed=True)


def test_a_sandboxed_judge_starts_in_production() -> None:
    assert not Settings(**PRODUCTION).allow_unsandboxed


def test_local_mode_may_run_unsandboxed() -> None:
    assert Settings(environment="local", allow_unsandboxed=True).allow_unsandboxed


def test_a_lease_shorter_than_two_sweeps_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least twice the sweep interval"):
        Settings(environment="test", lease_seconds=5, sweep_seconds=5)


def test_each_start_gets_its_own_replica_id() -> None:
    assert Settings(environment="test").replica_id != Settings(environment="test").replica_id
