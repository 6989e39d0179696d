"""Lease keys: the same name gives the same key in every replica, within PostgreSQL's bigint."""

from __future__ import annotations

from servicekit.leases import SoleLease, lock_key


def test_a_name_always_gives_the_same_bigint_key() -> None:
    key = lock_key("practice.outbox-relay")
    assert key == lock_key("practice.outbox-relay")
    assert -(2**63) <= key < 2**63


def test_each_service_relay_has_its_own_key() -> None:
    names = [f"{service}.outbox-relay" for service in ("identity", "content", "practice")]
    assert len({lock_key(name) for name in [*names, "whetstone.migrations"]}) == 4


async def test_the_sole_lease_of_local_mode_is_always_held() -> None:
    lease = SoleLease()
    assert await lease.hold()
    await lease.release()
    assert lease.held
