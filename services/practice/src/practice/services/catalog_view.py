"""Keeping practice's read model of the catalogue in step with content's events."""

from __future__ import annotations

from collections.abc import Callable

from contracts.content import ContentDeleted, ContentPublished, ContentUpdated
from practice.db.repositories import ContentViews
from practice.db.tables import ContentView
from servicekit.db import UnitOfWork
from servicekit.errors import NotFound


async def apply_content_change(
    *, uow: UnitOfWork, event: ContentPublished | ContentUpdated | ContentDeleted
) -> None:
    """Upsert or delete the item; an older revision never overwrites a newer one."""
    views = ContentViews(uow.session)
    current = await views.get(event.content_id)
    if isinstance(event, ContentDeleted):
        if current is not None:
            await views.delete(current)
        return
    if current is None:
        views.add(
            ContentView(
                id=event.content_id,
                content_type=event.content_type,
                kind=str(event.item.get("kind", event.content_type)),
                revision=event.revision,
                data=event.item,
            )
        )
    elif event.revision >= current.revision:
        current.revision = event.revision
        current.data = event.item
        current.kind = str(event.item.get("kind", current.kind))
        views.add(current)


async def catalogue_item(
    *, uow: UnitOfWork, item_id: str, kind: str, missing: Callable[[str], NotFound]
) -> ContentView:
    """The item of `kind` from the read model, or the flow's own not-found error."""
    view = await ContentViews(uow.session).get(item_id)
    if view is None or view.kind != kind:
        raise missing(item_id)
    return view
