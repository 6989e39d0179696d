"""Evaluation settings, read from `EVALUATION_*` environment variables."""

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import Refusal, ServiceSettings


def _default_workers() -> int:
    return (os.cpu_count() or 1) + 1


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EVALUATION_", extra="ignore")
    service_name = "evaluation"
    default_port = 8004
    production_refusals = (
        Refusal(
            "allow_unsandboxed", bool, "must be false: learners' code runs only in the sandbox"
        ),
    )

    workers: int = Field(default_factory=_default_workers, ge=1, le=64)
    # The consumer stops taking messages while this many runs wait (backpressure).
    max_pending_runs: int = Field(default=32, ge=1)
    bwrap_bin: str = "/usr/bin/bwrap"
    work_root: Path | None = None
    # Where run cgroups are made: a delegated cgroup v2 subtree when not root (see operations).
    cgroup_root: Path | None = None
    # Local development escape hatch only: runs untrusted code WITHOUT isolation.
    allow_unsandboxed: bool = False
