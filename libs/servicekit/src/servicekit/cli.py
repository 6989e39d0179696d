"""The command line every service shares: `python -m <service> serve|migrate|dead-letters`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

from servicekit.logging import configure_logging
from servicekit.settings import ServiceSettings

Command = Callable[[ServiceSettings], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class CommandWithOptions:
    """A service's own command that takes options: `add_options` declares them, `run` reads them."""

    help: str
    add_options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[ServiceSettings, argparse.Namespace], Coroutine[Any, Any, None]]


def main(
    *,
    create_app: Callable[[ServiceSettings], FastAPI],
    settings: Callable[[], ServiceSettings],
    migrations_dir: Path | None,
    commands: Mapping[str, tuple[str, Command] | CommandWithOptions] | None = None,
    argv: list[str] | None = None,
    server_options: Callable[[ServiceSettings], dict[str, Any]] | None = None,
    app_factory: str | None = None,
) -> None:
    """`serve`, `migrate`, `dead-letters` and the service's own `commands` (name -> (help, run)).

    `server_options` adds uvicorn options; with `workers` > 1 among them, uvicorn starts that
    many processes, each building its app from `app_factory` ("module:function", no arguments).
    """
    parser = argparse.ArgumentParser(description="Run or migrate this service.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    sub.add_parser("migrate", help="apply this service's database migrations")
    _add_dead_letters(sub)
    extra = {
        name: command if isinstance(command, CommandWithOptions) else _without_options(*command)
        for name, command in (commands or {}).items()
    }
    for name, command in extra.items():
        command.add_options(sub.add_parser(name, help=command.help))
    args = parser.parse_args(argv)

    config = settings()
    configure_logging(config.service_name, config.log_level)
    if args.command == "migrate":
        if migrations_dir is None:
            return
        from servicekit.migrations import upgrade

        upgrade(migrations_dir, config.database_url)
        return
    if args.command == "dead-letters":
        from servicekit.errors import ServiceError

        topics: tuple[str, ...] = create_app(config).state.consumed_topics
        try:
            asyncio.run(dead_letters(config, topics, args))
        except ServiceError as exc:
            sys.exit(f"{exc.code}: {exc.detail}")
        return
    if args.command in extra:
        asyncio.run(extra[args.command].run(config, args))
        return
    options = server_options(config) if server_options is not None else {}
    workers = int(options.pop("workers", 1))
    app: FastAPI | str
    if workers > 1:
        assert app_factory is not None, "several workers need an app factory to import"
        app, options["factory"], options["workers"] = app_factory, True, workers
    else:
        app = create_app(config)
    uvicorn.run(
        app,
        host=args.host or config.host,
        port=args.port or config.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        **options,
    )


def _without_options(help_text: str, run: Command) -> CommandWithOptions:
    return CommandWithOptions(help_text, lambda _: None, lambda config, _: run(config))


def _add_dead_letters(sub: Any) -> None:
    command = sub.add_parser("dead-letters", help="list or re-drive parked events and DLQ messages")
    action = command.add_subparsers(dest="action", required=True)
    listing = action.add_parser("list", help="parked outbox rows and this service's DLQ messages")
    listing.add_argument("--limit", type=int, default=100)
    redrive = action.add_parser("redrive", help="re-drive one parked row or one DLQ message")
    which = redrive.add_mutually_exclusive_group(required=True)
    which.add_argument("--outbox", type=int, metavar="ROW_ID", help="a parked outbox row's id")
    which.add_argument(
        "--message", metavar="DLQ_TOPIC/PARTITION/OFFSET", help="where the DLQ message sits"
    )


async def dead_letters(
    config: ServiceSettings, topics: Sequence[str], args: argparse.Namespace
) -> None:
    """Print what `dead-letters list|redrive` finds or does, one JSON object per line."""
    from servicekit import deadletters
    from servicekit.db import Database
    from servicekit.messaging import broker_publisher, broker_security, create_broker

    found: list[BaseModel] = []
    database = Database(config.database_url)
    try:
        if args.action == "list":
            found += await deadletters.parked_events(database, limit=args.limit)
            found += await deadletters.dead_letter_messages(
                config.kafka_bootstrap_servers,
                topics,
                consumer=config.consumer_group,
                limit=args.limit,
                security=broker_security(config),
            )
        elif args.outbox is not None:
            found.append(await deadletters.redrive_parked(database, row_id=args.outbox))
        else:
            dlq_topic, partition, offset = str(args.message).rsplit("/", 2)
            address = deadletters.MessageAddress(
                dlq_topic=dlq_topic, partition=int(partition), offset=int(offset)
            )
            broker = create_broker(
                config.kafka_bootstrap_servers,
                client_id=config.service_name,
                security=broker_security(config),
            )
            await broker.start()
            try:
                found.append(
                    await deadletters.redrive_message(
                        config.kafka_bootstrap_servers,
                        broker_publisher(broker),
                        address,
                        topics=topics,
                        security=broker_security(config),
                    )
                )
            finally:
                await broker.stop()
    finally:
        await database.dispose()
    for item in found:
        sys.stdout.write(item.model_dump_json() + "\n")
