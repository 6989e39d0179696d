"""The command line every service shares: `python -m <service> serve|migrate`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from servicekit.logging import configure_logging
from servicekit.settings import ServiceSettings

Command = Callable[[ServiceSettings], Coroutine[Any, Any, None]]


def main(
    *,
    create_app: Callable[[ServiceSettings], FastAPI],
    settings: Callable[[], ServiceSettings],
    migrations_dir: Path | None,
    commands: Mapping[str, tuple[str, Callable[[ServiceSettings], Coroutine[Any, Any, None]]]]
    | None = None,
    argv: list[str] | None = None,
) -> None:
    """`serve`, `migrate`, and the service's own `commands` (name -> (help, coroutine))."""
    parser = argparse.ArgumentParser(description="Run or migrate this service.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    sub.add_parser("migrate", help="apply this service's database migrations")
    extra = dict(commands or {})
    for name, (help_text, _) in extra.items():
        sub.add_parser(name, help=help_text)
    args = parser.parse_args(argv)

    config = settings()
    configure_logging(config.service_name, config.log_level)
    if args.command == "migrate":
        if migrations_dir is None:
            return
        from servicekit.migrations import upgrade

        upgrade(migrations_dir, config.database_url)
        return
    if args.command in extra:
        asyncio.run(extra[args.command][1](config))
        return
    uvicorn.run(
        create_app(config),
        host=args.host or config.host,
        port=args.port or config.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
