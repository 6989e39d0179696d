"""Evaluation's own production rule: no judge without its sandbox."""

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
