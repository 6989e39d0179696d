"""JSON logs with the request id and trace id, the same in every service."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

_STANDARD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra record attributes become fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if request_id := request_id_var.get():
            entry["request_id"] = request_id
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            entry["trace_id"] = format(span_context.trace_id, "032x")
            entry["span_id"] = format(span_context.span_id, "016x")
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and key != "color_message" and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


_QUERY_TOKEN = re.compile(r"(access_token=)[^&\s\"]+")


class RedactQueryTokens(logging.Filter):
    """uvicorn logs each WebSocket's path with its query string, where a token may travel."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY_TOKEN.sub(r"\1<redacted>", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


class ThrottleRepeats(logging.Filter):
    """aiokafka logs a connection error on every retry while the broker is away: each of its
    messages goes out once per `every` seconds, saying how many were dropped meanwhile."""

    def __init__(
        self,
        prefixes: tuple[str, ...] = ("aiokafka",),
        every: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._prefixes, self._every, self._clock = prefixes, every, clock
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}  # one per message template

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self._prefixes):
            return True
        key, now = (record.name, str(record.msg)), self._clock()
        last = self._seen.get(key)
        if last is not None and now - last[0] < self._every:
            self._seen[key] = (last[0], last[1] + 1)
            return False
        self._seen[key] = (now, 0)
        if last is not None and last[1]:
            record.suppressed = last[1]
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger (uvicorn's too) through one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    handler.addFilter(ThrottleRepeats())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "faststream", "aiokafka"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Access logs print full query strings (tokens included); RED metrics and our own
    # request log replace them.
    logging.getLogger("uvicorn.access").disabled = True
    error_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, RedactQueryTokens) for f in error_log.filters):
        error_log.addFilter(RedactQueryTokens())
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
    # httpx logs every request's full URL at INFO: query strings can carry tokens.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
