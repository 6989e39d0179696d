"""The command line every service shares: `python -m <service> serve|migrate`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from servicekit.logging import configure_logging
from servicekit.settings import ServiceSettings


def main(
    *,
    create_app: Callable[[ServiceSettings], FastAPI],
    settings: Callable[[], ServiceSettings],
    migrations_dir: Path | None,
    argv: list[str] | None = None,
) -> None:
    parser = argparse.ArgumentParser(description="Run or migrate this service.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    sub.add_parser("migrate", help="apply this service's database migrations")
    args = parser.parse_args(argv)

    config = settings()
    configure_logging(config.service_name, config.log_level)
    if args.command == "migrate":
        if migrations_dir is None:
            return
        from servicekit.migrations import upgrade

        upgrade(migrations_dir, config.database_url)
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
