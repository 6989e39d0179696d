"""Advisory leases on a real PostgreSQL: one holder, handed over on release or when it dies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url

from servicekit.leases import AdvisoryLease
from servicekit.testing.infra import terminate_advisory_holders
from servicekit.testing.tcprelay import Relay

pytestmark = pytest.mark.integration


@pytest.fixture
async def leases(postgres_url: str) -> AsyncIterator[list[AdvisoryLease]]:
    made = [AdvisoryLease(postgres_url, "relay"), AdvisoryLease(postgres_url, "relay")]
    yield made
    for lease in made:
        await lease.release()


async def test_one_holder_at_a_time_until_it_releases(leases: list[AdvisoryLease]) -> None:
    first, second = leases
    assert await first.hold()
    assert not await second.hold()
    assert await first.hold()  # holding again is a check, not a second lock
    assert not await second.hold()
    await first.release()
    assert await second.hold()
    assert not await first.hold()


async def test_a_holder_whose_connection_dies_loses_the_lease_to_the_next_asker(
    leases: list[AdvisoryLease], postgres_url: str
) -> None:
    first, second = leases
    assert await first.hold()
    assert await terminate_advisory_holders(postgres_url) == 1
    async with asyncio.timeout(10):
        while not await second.hold():
            await asyncio.sleep(0.05)
    assert not await first.hold()  # it finds its connection gone, and the lease taken
    assert not first.held


async def test_leases_of_different_names_do_not_exclude_each_other(postgres_url: str) -> None:
    relay, other = AdvisoryLease(postgres_url, "relay"), AdvisoryLease(postgres_url, "other")
    try:
        assert await relay.hold()
        assert await other.hold()
    finally:
        await relay.release()
        await other.release()


async def test_an_unreachable_database_is_not_held_and_does_not_raise() -> None:
    lease = AdvisoryLease("postgresql+asyncpg://postgres@127.0.0.1:1/none", "relay")
    assert not await lease.hold()
    await lease.release()


async def test_a_holder_cut_off_from_the_database_stops_holding_and_another_takes_over(
    postgres_url: str,
) -> None:
    server = make_url(postgres_url)
    relay = Relay(server.host or "127.0.0.1", server.port or 5432)
    await relay.restore()
    behind = server.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    cut_off = AdvisoryLease(behind, "relay", answer_seconds=1.0)
    other = AdvisoryLease(postgres_url, "relay")
    try:
        assert await cut_off.hold()
        await relay.cut()
        assert not await cut_off.hold()  # it cannot confirm the lease: it must stop acting
        async with asyncio.timeout(10):
            while not await other.hold():
                await asyncio.sleep(0.05)
        await relay.restore()
        assert not await cut_off.hold()  # back, but the lease has moved on
    finally:
        await cut_off.release()
        await other.release()
        await relay.cut()
