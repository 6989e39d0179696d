"""/ready: required checks decide readiness; reported ones only degrade it."""

from __future__ import annotations

import asyncio

import pytest

from servicekit.health import assess
from servicekit.runtime import Check, ReadinessCheck


async def up() -> None:
    pass


async def down() -> None:
    raise ConnectionError("broker unreachable")


async def hangs() -> None:
    await asyncio.sleep(60)


def required(probe: Check) -> ReadinessCheck:
    return ReadinessCheck(probe, required=True)


def reported(probe: Check) -> ReadinessCheck:
    return ReadinessCheck(probe, required=False)


async def test_every_check_up_is_ready() -> None:
    readiness = await assess({"database": required(up), "broker": reported(up)})
    assert readiness.status == "ready"
    assert readiness.http_status == 200
    assert readiness.checks == {
        "database": {"status": "up", "required": True},
        "broker": {"status": "up", "required": False},
    }


async def test_a_reported_check_down_degrades_and_stays_200() -> None:
    readiness = await assess({"database": required(up), "broker": reported(down)})
    assert (readiness.status, readiness.http_status) == ("degraded", 200)
    assert readiness.checks["broker"] == {
        "status": "down",
        "required": False,
        "detail": "broker unreachable",
    }


async def test_a_required_check_down_is_not_ready_whatever_the_others_say() -> None:
    readiness = await assess({"database": required(down), "broker": reported(down)})
    assert (readiness.status, readiness.http_status) == ("not_ready", 503)
    assert readiness.checks["database"]["status"] == "down"


async def test_a_hanging_check_is_down_after_the_timeout_and_others_still_answer() -> None:
    checks = {"redis": reported(hangs), "database": required(up)}
    readiness = await assess(checks, check_seconds=0.05)
    assert readiness.status == "degraded"
    assert readiness.checks["redis"] == {
        "status": "down",
        "required": False,
        "detail": "TimeoutError",
    }


async def test_a_long_error_is_cut_to_200_characters() -> None:
    async def verbose() -> None:
        raise RuntimeError("x" * 1000)

    readiness = await assess({"sandbox": required(verbose)})
    assert len(readiness.checks["sandbox"]["detail"]) == 200


async def test_no_checks_is_ready() -> None:
    assert (await assess({})).status == "ready"


async def test_a_cancelled_probe_is_not_taken_for_an_answer() -> None:
    async def cancelled() -> None:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await assess({"database": required(cancelled)})
