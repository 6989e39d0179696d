"""A generation job's life: each item waits for content's verdict; the job ends once all have one.

    pending --(every item settled, one stored at least)--> completed
    pending --(every item settled, none stored)----------> failed

An item that content never answers for (a lost message) times out, so every job ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

JobKind = Literal["task", "drill", "daily"]
JobStatus = Literal["pending", "completed", "failed"]
ItemOutcome = Literal["pending", "stored", "duplicate", "invalid", "timed_out"]
TERMINAL: frozenset[JobStatus] = frozenset({"completed", "failed"})


def job_status(outcomes: Sequence[ItemOutcome]) -> JobStatus:
    """The job's status from its items' outcomes; a job with no item to send has failed."""
    if "pending" in outcomes:
        return "pending"
    return "completed" if "stored" in outcomes else "failed"


def summary(kind: str, outcomes: Sequence[ItemOutcome]) -> str:
    """A sentence for the job, in the words of seed 000 once it is done."""
    if "pending" in outcomes:
        return f"Generating {len(outcomes)} item(s)"
    stored = outcomes.count("stored")
    if not stored:
        return (
            f"Nothing generated: {len(outcomes)} item(s) refused"
            if outcomes
            else "Nothing generated"
        )
    noun = "daily tasks" if kind == "daily" else kind if stored == 1 else f"{kind}s"
    refused = len(outcomes) - stored
    return f"Successfully generated {stored} {noun}" + (f"; {refused} refused" if refused else "")
