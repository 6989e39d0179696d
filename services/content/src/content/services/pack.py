"""Loading the content pack: idempotent, updates in place, announces what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from content.db.repositories import CatalogRepository
from content.packfiles import PackItem
from content.services.catalog import announce, apply_item, new_row
from servicekit.db import UnitOfWork


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


async def load_pack(
    *,
    unit_of_work: Callable[[], UnitOfWork],
    items: Iterable[PackItem],
    on_item: Callable[[PackItem], None] | None = None,
) -> LoadReport:
    """Insert new pack items, update changed ones, leave the rest untouched."""
    report = LoadReport()
    async with unit_of_work() as uow:
        repo = CatalogRepository(uow.session)
        for pack_item in items:
            existing = await repo.get(pack_item.id)
            if existing is None:
                row = new_row(pack_item.item, author_id=None, source="pack")
                repo.add(row)
                announce(uow, row, pack_item.item, created=True)
                report.created += 1
            elif existing.data != pack_item.data:
                apply_item(existing, pack_item.item)
                announce(uow, existing, pack_item.item, created=False)
                report.updated += 1
            else:
                report.unchanged += 1
            if on_item is not None:
                on_item(pack_item)
        await uow.commit()
    return report
