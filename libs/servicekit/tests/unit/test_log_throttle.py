"""A library's repeated connection errors are logged once a minute, not on every retry."""

from __future__ import annotations

import logging

from servicekit.logging import ThrottleRepeats


def record(name: str, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, None)


def test_a_repeated_aiokafka_message_passes_once_per_interval_with_the_dropped_count() -> None:
    now = [0.0]
    throttle = ThrottleRepeats(every=60, clock=lambda: now[0])
    template = "Unable connect to node with id %s: %s"
    assert throttle.filter(record("aiokafka.conn", template, 1, "refused"))
    for second in range(1, 60):
        now[0] = second
        assert not throttle.filter(record("aiokafka.conn", template, second, "refused"))
    assert throttle.filter(record("aiokafka.conn", "another message"))  # its own count
    now[0] = 60
    passed = record("aiokafka.conn", template, 60, "refused")
    assert throttle.filter(passed)
    assert getattr(passed, "suppressed", None) == 59


def test_other_loggers_are_never_throttled() -> None:
    throttle = ThrottleRepeats(every=60, clock=lambda: 0.0)
    assert all(throttle.filter(record("servicekit.outbox", "same")) for _ in range(5))
