"""Identity announces account changes through its outbox on identity.users.v1."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from contracts.topics import IDENTITY_USERS

pytestmark = pytest.mark.integration


async def test_register_profile_and_role_changes_are_published(
    client: httpx.AsyncClient, kafka_bootstrap: str
) -> None:
    email = f"evt-{uuid.uuid4().hex[:8]}@example.com"
    account = (
        await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": "long enough pw", "full_name": "Eve"},
        )
    ).json()
    user_id = account["user"]["id"]
    auth = {"Authorization": f"Bearer {account['access_token']}"}
    await client.patch(
        "/api/v1/users/me",
        json={"full_name": "Eve Two", "preferences": {"time_zone": "Asia/Tokyo"}},
        headers=auth,
    )
    admin = (
        await client.post(
            "/api/v1/auth/login",
            json={"email": "root@example.com", "password": "root password 123"},
        )
    ).json()
    await client.put(
        f"/api/v1/admin/users/{user_id}/role",
        json={"role": "professor"},
        headers={"Authorization": f"Bearer {admin['access_token']}"},
    )

    consumer = AIOKafkaConsumer(
        IDENTITY_USERS,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"probe-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    seen: list[dict] = []
    try:
        for _ in range(40):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen += [e for r in records if (e := json.loads(r.value))["key"] == user_id]
            if len(seen) >= 3:
                break
    finally:
        await consumer.stop()
    assert [e["event_type"] for e in seen] == [
        "identity.user_registered",
        "identity.user_updated",
        "identity.user_role_changed",
    ]
    assert [e["payload"]["time_zone"] for e in seen[:2]] == ["UTC", "Asia/Tokyo"]
    assert seen[2]["payload"] == {
        "user_id": user_id,
        "old_role": "student",
        "new_role": "professor",
    }
    assert "password" not in json.dumps(seen)
