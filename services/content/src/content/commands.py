"""`python -m content load-pack`, `check` and `announce`."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tqdm import tqdm

from content.config import Settings
from content.packfiles import pack_version, read_pack
from content.services.announce import (
    ENROLMENTS,
    AnnounceReport,
    announce_catalogue,
    announce_enrolments,
)
from content.services.check import check_items
from content.services.pack import load_pack
from contracts.catalogue import Kind
from servicekit.db import Database, UnitOfWork
from servicekit.settings import ServiceSettings


async def load_pack_command(settings: ServiceSettings) -> None:
    assert isinstance(settings, Settings)
    items = read_pack(settings.pack_dir)
    database = Database(settings.database_url)
    try:
        with tqdm(
            total=len(items), desc=f"content pack v{pack_version(settings.pack_dir)}", unit="item"
        ) as bar:
            report = await load_pack(
                unit_of_work=lambda: UnitOfWork(database, producer=settings.service_name),
                items=items,
                on_item=lambda _: bar.update(),
            )
    finally:
        await database.dispose()
    print(
        f"content pack: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )


async def check_command(settings: ServiceSettings) -> None:
    """Validate every stored item; list the failures and exit 1 when there are any."""
    database = Database(settings.database_url)
    try:
        async with UnitOfWork(database, producer=settings.service_name) as uow:
            checked, failures = await check_items(uow=uow)
    finally:
        await database.dispose()
    for failure in failures:
        print(f"{failure.item_id} ({failure.kind}):")
        for error in failure.errors:
            print(f"  {error}")
    print(f"content check: {checked} items, {len(failures)} not valid")
    if failures:
        raise SystemExit(1)


def announce_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        action="append",
        choices=[*(kind.value for kind in Kind), ENROLMENTS],
        help="announce only this kind (repeatable); every item and enrolment by default",
    )


async def announce_command(settings: ServiceSettings, args: argparse.Namespace) -> None:
    """Publish every stored item (current revision) and enrolment again, through the outbox."""
    kinds: set[str] = set(args.kind or [*(kind.value for kind in Kind), ENROLMENTS])
    database = Database(settings.database_url)

    def unit_of_work() -> UnitOfWork:
        return UnitOfWork(database, producer=settings.service_name)

    def progress(what: str) -> Callable[[AnnounceReport], None]:
        return lambda report: print(
            f"content announce: {what} {report.items + report.enrolments} so far", flush=True
        )

    try:
        items = await announce_catalogue(
            unit_of_work=unit_of_work, kinds=kinds - {ENROLMENTS}, on_batch=progress("items")
        )
        enrolments = AnnounceReport()
        if ENROLMENTS in kinds:
            enrolments = await announce_enrolments(
                unit_of_work=unit_of_work, on_batch=progress("enrolments")
            )
    finally:
        await database.dispose()
    print(
        f"content announce: {items.items} items, {enrolments.enrolments} enrolments; "
        f"{items.not_valid} items not valid (see `check`)"
    )
