"""Loading the content pack: idempotent, updates in place, announces what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from content.db.repositories import CatalogRepository
from content.db.tables import CatalogItem
from content.domain.items import filter_columns
from content.packfiles import PackItem
from content.services.catalog import apply_data
from contracts.content import ContentPublished, ContentUpdated
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
            content_type = pack_item.kind.content_type
            if existing is None:
                repo.add(
                    CatalogItem(
                        id=pack_item.id,
                        kind=pack_item.kind.value,
                        data=pack_item.data,
                        source="pack",
                        **filter_columns(pack_item.data),
                    )
                )
                uow.raise_event(
                    ContentPublished(
                        content_type=content_type,  # type: ignore[arg-type]
                        content_id=pack_item.id,
                        revision=1,
                        item=pack_item.data,
                    )
                )
                report.created += 1
            elif existing.data != pack_item.data:
                apply_data(existing, pack_item.data)
                uow.raise_event(
                    ContentUpdated(
                        content_type=content_type,  # type: ignore[arg-type]
                        content_id=pack_item.id,
                        revision=existing.revision,
                        item=pack_item.data,
                    )
                )
                report.updated += 1
            else:
                report.unchanged += 1
            if on_item is not None:
                on_item(pack_item)
        await uow.commit()
    return report
