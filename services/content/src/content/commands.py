"""`python -m content load-pack` and `python -m content check`."""

from __future__ import annotations

from tqdm import tqdm

from content.config import Settings
from content.packfiles import pack_version, read_pack
from content.services.check import check_items
from content.services.pack import load_pack
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
