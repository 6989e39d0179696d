"""A test runner's own report of a project run, on a channel of its own, told apart by a nonce.

The host makes a nonce per run and writes it on a pipe that our reporter (harness/
project_runner.py, harness/project_report.mjs) reads before any of the project's code runs; the
reporter sends its records on another pipe, each with the nonce. Lines without it (the project's
code can write on that pipe too) are dropped: what the project prints never counts.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

REPORT_BYTES = 64 * 1024  # a report is a few short lines; more is someone else's writing
MAX_RECORDS = 1000


def new_nonce() -> str:
    return secrets.token_hex(16)


def authentic_records(data: bytes, nonce: str) -> tuple[dict[str, Any], ...]:
    """The records that carry the nonce, in order, without it."""
    records = []
    for line in data.splitlines()[:MAX_RECORDS]:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict) and record.pop("nonce", None) == nonce:
            records.append(record)
    return tuple(records)
