"""The host's side of the harness protocol: requests out, strictly checked replies in.

Requests carry a 4-byte length, then marshal for the Python harness (it loads nothing else to
read them, and they come from us) or JSON for Node. Replies are JSON lines. The learner's code
shares a process with the harness, so it can write to the reply channel too; the host therefore
trusts nothing in a reply but the answer itself. It keeps time, counts memory and sees deaths
from outside; it asks for one test at a time and takes exactly one reply per question, so a
forged line is either that test's answer (which returning it would have given) or a protocol
breach, judged a runtime error.
"""

from __future__ import annotations

import json
import marshal
from dataclasses import dataclass
from typing import Any, Literal

from evaluation.sandbox.models import Language

Status = Literal["ok", "error", "output"]
NO_ANSWER = object()


class ProtocolError(ValueError):
    """A reply the harness never writes: the learner's code wrote on the channel, or broke it."""


@dataclass(frozen=True)
class Reply:
    kind: Literal["compiled", "loaded", "result"]
    status: Status
    index: int | None = None
    actual: Any = NO_ANSWER
    message: str = ""  # a compile error
    error: str = ""
    error_type: str = ""
    stdout: str = ""
    stderr: str = ""
    exit_code: int | None = None
    signal: int | None = None


def encode_request(language: Language, message: dict[str, Any]) -> bytes:
    body = (
        marshal.dumps(message, 4)
        if language is Language.PYTHON
        else json.dumps(message, separators=(",", ":")).encode()
    )
    return len(body).to_bytes(4, "big") + body


def parse_reply(line: bytes, *, kind: str, index: int | None = None) -> Reply:
    """The reply we asked for, or ProtocolError."""
    try:
        record = json.loads(line, parse_constant=_refuse)
    except (ValueError, RecursionError) as error:
        raise ProtocolError("an unreadable reply") from error
    if not isinstance(record, dict) or record.get("kind") != kind:
        raise ProtocolError(f"expected the {kind} reply")
    if index is not None and (type(record.get("i")) is not int or record["i"] != index):
        raise ProtocolError(f"expected the reply to test {index}")
    status = record.get("status")
    if status not in ("ok", "error", "output"):
        raise ProtocolError("a reply without a known status")
    return Reply(
        kind=kind,  # type: ignore[arg-type]
        status=status,
        index=index,
        actual=record.get("actual", NO_ANSWER),
        message=_text(record, "message"),
        error=_text(record, "error"),
        error_type=_text(record, "error_type"),
        stdout=_text(record, "stdout"),
        stderr=_text(record, "stderr"),
        exit_code=_number(record, "exit_code"),
        signal=_number(record, "signal"),
    )


def _refuse(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise ProtocolError(f"{key} is not text")
    return value


def _number(record: dict[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is not None and type(value) is not int:
        raise ProtocolError(f"{key} is not a number")
    return value  # type: ignore[no-any-return]
