"""Keeping practice's read model of the catalogue in step with content's events."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from contracts.catalogue.items import Item
from contracts.content import ContentDeleted, ContentPublishedV2, ContentUpdatedV2
from practice.db.repositories import ContentViews
from practice.db.tables import ContentView
from servicekit.db import UnitOfWork
from servicekit.errors import NotFound

ItemT = TypeVar("ItemT", bound=Item)


async def apply_content_change(
    *, uow: UnitOfWork, event: ContentPublishedV2 | ContentUpdatedV2 | ContentDeleted
) -> None:
    """Upsert or delete the typed item; an older revision never overwrites a newer one."""
    views = ContentViews(uow.session)
    current = await views.get(event.content_id)
    if isinstance(event, ContentDeleted):
        if current is not None:
            await views.delete(current)
        return
    data = event.item.model_dump(mode="json")
    if current is None:
        views.add(
            ContentView(
                id=event.content_id,
                content_type=event.content_type,
                kind=event.item.kind,
                revision=event.revision,
                data=data,
            )
        )
    elif event.revision >= current.revision:
        current.revision, current.kind, current.data = event.revision, event.item.kind, data
        views.add(current)


async def catalogue_item(
    *, uow: UnitOfWork, item_id: str, model: type[ItemT], missing: Callable[[str], NotFound]
) -> ItemT:
    """The item as `model` from the read model, or the flow's own not-found error."""
    item = await ContentViews(uow.session).item(item_id)
    if not isinstance(item, model):
        raise missing(item_id)
    return item
