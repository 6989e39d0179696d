"""Use cases of the catalogue: read with the caller's visibility, write as an author.

Every write validates the whole item against its kind's model (a PATCH after merging);
every read validates the stored item again, so a row that no longer fits is never
served to learners (it is logged and left out; `python -m content check` lists it).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from content.db.repositories import CatalogRepository, ItemFilter
from content.db.tables import CatalogItem
from content.domain.errors import InvalidItem, ItemExists, ItemNotFound
from content.domain.items import filter_columns, may_change, may_see_everything
from contracts.catalogue import CatalogueItem, Kind, parse_item, public_view
from contracts.content import (
    ContentDeleted,
    ContentPublished,
    ContentPublishedV2,
    ContentUpdated,
    ContentUpdatedV2,
)
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import Forbidden
from servicekit.outbox import utcnow

logger = logging.getLogger(__name__)


def validated(kind: Kind, data: Mapping[str, Any]) -> CatalogueItem:
    """`data` as an item of `kind`, or InvalidItem with a field error for each problem."""
    try:
        return parse_item(kind, data)
    except ValidationError as exc:
        raise InvalidItem(exc) from None


def stored_item(row: CatalogItem) -> CatalogueItem | None:
    """The row's item, or None (logged) when it no longer fits its kind's model."""
    try:
        return parse_item(row.kind, row.data)
    except (ValidationError, ValueError) as exc:
        logger.warning(
            "catalogue item %s (%s) is not valid and is not served: %s", row.id, row.kind, exc
        )
        return None


def present(row: CatalogItem, viewer: Principal | None) -> dict[str, Any] | None:
    """The item as this viewer may see it with its catalogue metadata; None if unservable.

    Authors and admins see an invalid item as stored, so that they can repair it.
    """
    item = stored_item(row)
    if may_see_everything(viewer, row.author_id):
        data = row.data if item is None else item.model_dump(mode="json")
    elif item is None:
        return None
    else:
        data = public_view(item).model_dump(mode="json")
    return {
        **data,
        "id": row.id,
        "kind": row.kind,
        "author_id": row.author_id,
        "source": row.source,
        "revision": row.revision,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def present_all(rows: list[CatalogItem], viewer: Principal | None) -> list[dict[str, Any]]:
    """Each row this viewer may be served; one bad row never fails the list."""
    return [view for row in rows if (view := present(row, viewer)) is not None]


def present_one(row: CatalogItem, viewer: Principal | None) -> dict[str, Any]:
    view = present(row, viewer)
    if view is None:
        raise ItemNotFound((row.kind,), row.id)
    return view


async def list_items(
    *, uow: UnitOfWork, where: ItemFilter, limit: int, offset: int
) -> tuple[list[CatalogItem], int]:
    """One page of the catalogue matching `where`."""
    return await CatalogRepository(uow.session).page(where, limit=limit, offset=offset)


async def random_items(*, uow: UnitOfWork, where: ItemFilter, count: int) -> list[CatalogItem]:
    """Up to `count` items matching `where`, in random order."""
    return await CatalogRepository(uow.session).random(where, count=count)


async def get_item(*, uow: UnitOfWork, kinds: tuple[str, ...], item_id: str) -> CatalogItem:
    """One item of one of `kinds`, or ItemNotFound."""
    item = await CatalogRepository(uow.session).get(item_id)
    if item is None or item.kind not in kinds:
        raise ItemNotFound(kinds, item_id)
    return item


async def create_item(
    *, uow: UnitOfWork, kind: Kind, body: Mapping[str, Any], author: Principal
) -> CatalogItem:
    """Validate and add an authored item, and announce it."""
    # seed 003 names a subject's id `subject_id`
    named_id = body.get("id") or (body.get("subject_id") if kind is Kind.SUBJECT else None)
    item_id = named_id or _slug(body.get("title") or body.get("name") or kind.value)
    item = validated(kind, {**body, "id": item_id})
    repo = CatalogRepository(uow.session)
    if await repo.get(item.id) is not None:
        raise ItemExists(item.id)
    row = new_row(item, author_id=author.user_id, source="author")
    repo.add(row)
    announce(uow, row, item, created=True)
    await uow.commit()
    return row


async def update_item(
    *,
    uow: UnitOfWork,
    kinds: tuple[str, ...],
    item_id: str,
    changes: Mapping[str, Any],
    editor: Principal,
) -> CatalogItem:
    """Apply `changes` to an item the editor may change, validate the result, announce it."""
    row = await get_item(uow=uow, kinds=kinds, item_id=item_id)
    if not may_change(editor, row.author_id):
        raise Forbidden("Only the author or an admin may change this item")
    await save_changes(uow=uow, row=row, changes=changes)
    return row


async def save_changes(*, uow: UnitOfWork, row: CatalogItem, changes: Mapping[str, Any]) -> None:
    """Merge `changes` into the stored item, validate the whole, store and announce it."""
    item = validated(Kind(row.kind), {**row.data, **changes, "id": row.id})
    apply_item(row, item)
    announce(uow, row, item, created=False)
    await uow.commit()


async def delete_item(
    *, uow: UnitOfWork, kinds: tuple[str, ...], item_id: str, editor: Principal
) -> None:
    """Remove an item the editor may change, and announce it."""
    item = await get_item(uow=uow, kinds=kinds, item_id=item_id)
    if not may_change(editor, item.author_id):
        raise Forbidden("Only the author or an admin may delete this item")
    await CatalogRepository(uow.session).delete(item)
    uow.raise_event(ContentDeleted(content_type=Kind(item.kind).content_type, content_id=item.id))
    await uow.commit()


def new_row(item: CatalogueItem, *, author_id: str | None, source: str) -> CatalogItem:
    return CatalogItem(
        id=item.id,
        kind=item.kind,
        data=item.model_dump(mode="json"),
        author_id=author_id,
        source=source,
        **filter_columns(item),
    )


def apply_item(row: CatalogItem, item: CatalogueItem) -> None:
    row.data = item.model_dump(mode="json")
    for name, value in filter_columns(item).items():
        setattr(row, name, value)
    row.revision += 1
    row.updated_at = utcnow()


def announce(uow: UnitOfWork, row: CatalogItem, item: CatalogueItem, *, created: bool) -> None:
    """The change as version 1 (an open document) and version 2 (the typed item)."""
    content_type, revision = Kind(row.kind).content_type, row.revision
    if created:
        uow.raise_event(
            ContentPublished(
                content_type=content_type, content_id=row.id, revision=revision, item=row.data
            )
        )
        uow.raise_event(
            ContentPublishedV2(
                content_type=content_type, content_id=row.id, revision=revision, item=item
            )
        )
    else:
        uow.raise_event(
            ContentUpdated(
                content_type=content_type, content_id=row.id, revision=revision, item=row.data
            )
        )
        uow.raise_event(
            ContentUpdatedV2(
                content_type=content_type, content_id=row.id, revision=revision, item=item
            )
        )


def _slug(text: object) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:80]
    return f"{slug or 'item'}-{uuid.uuid4().hex[:6]}"
