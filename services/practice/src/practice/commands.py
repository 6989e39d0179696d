"""Practice's own commands: `python -m practice rebuild-read-models`."""

from __future__ import annotations

from practice.config import Settings
from practice.events.replay import READ_MODEL_TOPICS, read_topics
from practice.services.rebuild import rebuild_read_models
from servicekit.db import Database, UnitOfWork
from servicekit.messaging import broker_security
from servicekit.settings import ServiceSettings


async def rebuild_read_models_command(settings: ServiceSettings) -> None:
    assert isinstance(settings, Settings)
    envelopes = await read_topics(
        settings.kafka_bootstrap_servers, READ_MODEL_TOPICS, security=broker_security(settings)
    )
    database = Database(settings.database_url)
    try:
        async with UnitOfWork(database, producer=settings.service_name) as uow:
            rebuilt = await rebuild_read_models(uow=uow, envelopes=envelopes)
    finally:
        await database.dispose()
    print(
        f"read models rebuilt: {rebuilt.events_applied} events applied, "
        f"{rebuilt.submissions} submissions and {rebuilt.drill_answers} drill answers in the ledger"
    )
