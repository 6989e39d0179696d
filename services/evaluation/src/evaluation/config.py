"""Evaluation settings, read from `EVALUATION_*` environment variables."""

import os
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import Refusal, ServiceSettings, replica_name


def _default_workers() -> int:
    return (os.cpu_count() or 1) + 1


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EVALUATION_", extra="ignore")
    service_name = "evaluation"
    default_port = 8004
    trust_from_broker = True  # the judge's pod reaches only the broker and its database
    production_refusals = (
        Refusal(
            "allow_unsandboxed", bool, "must be false: learners' code runs only in the sandbox"
        ),
    )

    workers: int = Field(default_factory=_default_workers, ge=1, le=64)
    # The consumer stops taking messages while this many runs wait (backpressure).
    max_pending_runs: int = Field(default=32, ge=1)
    # Queued and running jobs of one user (submissions and /runs calls); /runs answers 429 beyond.
    max_jobs_per_user: int = Field(default=4, ge=1)
    # Sandboxes one user's jobs hold at once, so code that spins to its time limit cannot take
    # every worker; their other jobs wait while everyone else's go on.
    max_running_per_user: int = Field(default=1, ge=1)
    # Tries of one run (crashes of the judge included) before it ends failed, internal_error.
    max_attempts: int = Field(default=3, ge=1)
    # A running run's lease; renewed every sweep, so another replica takes it only once lapsed.
    lease_seconds: float = Field(default=30.0, gt=0)
    sweep_seconds: float = Field(default=5.0, gt=0)
    replica_id: str = Field(default_factory=replica_name, min_length=1, max_length=64)
    bwrap_bin: str = "/usr/bin/bwrap"
    work_root: Path | None = None
    # Where run cgroups are made: a delegated cgroup v2 subtree when not root (see operations).
    cgroup_root: Path | None = None
    # Local development escape hatch only: runs untrusted code WITHOUT isolation.
    allow_unsandboxed: bool = False

    @model_validator(mode="after")
    def _lease_outlives_sweeps(self) -> "Settings":
        # Leases are renewed on each sweep: a lease shorter than two would lapse while running.
        if self.lease_seconds < 2 * self.sweep_seconds:
            raise ValueError("EVALUATION_LEASE_SECONDS must be at least twice the sweep interval")
        return self
