"""Playing another service in a test: put its events on the real broker, read what comes back."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer

from contracts import Envelope, Event
from servicekit.messaging import create_broker


class EventPublisher:
    def __init__(self, bootstrap: str) -> None:
        self._broker = create_broker(bootstrap, client_id="test-publisher")

    async def __aenter__(self) -> EventPublisher:
        await self._broker.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._broker.stop()

    async def send(self, event: Event, producer: str = "test") -> Envelope:
        envelope = Envelope.wrap(event, producer=producer)
        await self.send_envelope(envelope, event.topic)
        return envelope

    async def send_envelope(self, envelope: Envelope, topic: str) -> None:
        await self._broker.publish(
            envelope.model_dump_json().encode(), topic=topic, key=envelope.key.encode()
        )


async def events_for(
    bootstrap: str, topic: str, key: str, *, settle: float = 0.1, within: float = 60.0
) -> list[dict[str, Any]]:
    """Every envelope on `topic` with this key, waiting `settle` s after the first one arrives."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"probe-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    try:
        while loop.time() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += [e for r in records if (e := json.loads(r.value))["key"] == key]
            if found:
                deadline = min(deadline, loop.time() + settle)
    finally:
        await consumer.stop()
    return found
