"""Content's Kafka entry point: items coach generated, one use case."""

from __future__ import annotations

from content.services.generated import store_generated
from contracts import Envelope, Event, topics
from contracts.coach import ItemGenerated
from servicekit.db import UnitOfWork
from servicekit.inbox import PermanentError
from servicekit.runtime import Subscription


async def on_item_generated(uow: UnitOfWork, event: Event, _: Envelope) -> None:
    if not isinstance(event, ItemGenerated):
        raise PermanentError(f"unexpected event on the generation topic: {event.event_type}")
    await store_generated(uow=uow, event=event)


def subscriptions() -> list[Subscription]:
    return [Subscription(topics.COACH_GENERATION, on_item_generated)]
