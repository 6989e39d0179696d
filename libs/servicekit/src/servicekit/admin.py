"""`/ops/dead-letters`: operators list and re-drive what this service's pipeline gave up on.

Served on each service's own port (like /metrics), not through the gateway; admin only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from servicekit import deadletters
from servicekit.auth import AdminUser
from servicekit.db import Database
from servicekit.deadletters import DeadLetterMessage, MessageAddress, ParkedEvent
from servicekit.errors import BrokerUnavailable, Unavailable
from servicekit.messaging import broker_publisher, broker_security
from servicekit.runtime import Runtime, RuntimeDep

router = APIRouter(prefix="/ops/dead-letters", tags=["operations"], include_in_schema=False)


class DeadLetters(BaseModel):
    outbox: list[ParkedEvent]
    messages: list[DeadLetterMessage]


def consumed_topics(request: Request) -> tuple[str, ...]:
    topics: tuple[str, ...] = getattr(request.app.state, "consumed_topics", ())
    return topics


def _database(runtime: Runtime) -> Database:
    if runtime.database is None:
        raise Unavailable("This service has no database")
    return runtime.database


@router.get("", summary="Parked outbox rows and this service's dead-letter messages")
async def list_dead_letters(
    _: AdminUser,
    runtime: RuntimeDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=deadletters.MAX_LISTED)] = 100,
) -> DeadLetters:
    outbox = (
        await deadletters.parked_events(runtime.database, limit=limit)
        if runtime.database is not None
        else []
    )
    messages = await deadletters.dead_letter_messages(
        runtime.settings.kafka_bootstrap_servers,
        consumed_topics(request),
        consumer=runtime.settings.consumer_group,
        limit=limit,
        security=broker_security(runtime.settings),
    )
    return DeadLetters(outbox=outbox, messages=messages)


@router.post("/outbox/{row_id}/redrive", summary="Make a parked outbox row pending again")
async def redrive_outbox_row(
    _: AdminUser, runtime: RuntimeDep, row_id: Annotated[int, Path(ge=1, le=2**62)]
) -> ParkedEvent:
    parked = await deadletters.redrive_parked(_database(runtime), row_id=row_id)
    if runtime.relay is not None:
        runtime.relay.wake()
    return parked


@router.post("/messages/redrive", summary="Publish a dead-letter message back to its topic")
async def redrive_dead_letter(
    _: AdminUser, runtime: RuntimeDep, request: Request, address: MessageAddress
) -> DeadLetterMessage:
    if runtime.broker is None:
        raise Unavailable("This service has no broker")
    if not runtime.broker.running:  # still connecting (or stopping): say so before reading
        raise BrokerUnavailable()
    return await deadletters.redrive_message(
        runtime.settings.kafka_bootstrap_servers,
        broker_publisher(runtime.broker),
        address,
        topics=consumed_topics(request),
        security=broker_security(runtime.settings),
    )
