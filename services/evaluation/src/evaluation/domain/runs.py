"""Run statuses and the mapping from a verdict to the submission's status."""

from enum import StrEnum


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


FINISHED = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED})


def status_for(verdict: str) -> RunStatus:
    """`failed` means the code could not be run at all; any verdict on the code is a success."""
    return RunStatus.FAILED if verdict == "internal_error" else RunStatus.SUCCEEDED


# Kinds the judge pool runs from the queue; the others are scored when they arrive.
POOLED_KINDS = frozenset({"code", "project"})
