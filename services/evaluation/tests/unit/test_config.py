"""Evaluation's settings refuse a lease that would lapse between two renewals."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evaluation.config import Settings


def test_a_lease_shorter_than_two_sweeps_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least twice the sweep interval"):
        Settings(environment="test", lease_seconds=5, sweep_seconds=5)


def test_each_start_gets_its_own_replica_id() -> None:
    assert Settings(environment="test").replica_id != Settings(environment="test").replica_id
