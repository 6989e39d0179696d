"""Playing another service in a test: put its events on the real broker."""

from __future__ import annotations

from typing import Any

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
