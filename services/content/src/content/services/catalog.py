"""Use cases of the catalogue: read with the caller's visibility, write as an author."""

from __future__ import annotations

import re
import uuid
from typing import Any

from content.db.repositories import CatalogRepository, ItemFilter
from content.db.tables import CatalogItem
from content.domain.errors import ItemExists, ItemNotFound
from content.domain.items import Kind, filter_columns, may_change, may_see_everything
from contracts.content import ContentDeleted, ContentPublished, ContentUpdated
from contracts.visibility import learner_view
from servicekit.auth import Principal
from servicekit.db import UnitOfWork
from servicekit.errors import Forbidden
from servicekit.outbox import utcnow


def present(item: CatalogItem, principal: Principal | None) -> dict[str, Any]:
    """The item as this caller may see it, with its catalogue metadata."""
    kind = Kind(item.kind)
    data = (
        item.data
        if may_see_everything(principal, item.author_id)
        else learner_view(kind, item.data)
    )
    return {
        **data,
        "id": item.id,
        "kind": item.kind,
        "author_id": item.author_id,
        "revision": item.revision,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


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
    *, uow: UnitOfWork, kind: Kind, data: dict[str, Any], author: Principal
) -> CatalogItem:
    """Add an authored item and announce it."""
    item_id = data.get("id") or _slug(str(data.get("title") or data.get("name") or kind.value))
    repo = CatalogRepository(uow.session)
    if await repo.get(item_id) is not None:
        raise ItemExists(item_id)
    data = {**data, "id": item_id, "kind": kind.value}
    item = CatalogItem(
        id=item_id, kind=kind.value, data=data, author_id=author.user_id, **filter_columns(data)
    )
    repo.add(item)
    uow.raise_event(
        ContentPublished(
            content_type=kind.content_type,
            content_id=item_id,  # type: ignore[arg-type]
            revision=1,
            item=data,
        )
    )
    await uow.commit()
    return item


async def update_item(
    *,
    uow: UnitOfWork,
    kinds: tuple[str, ...],
    item_id: str,
    changes: dict[str, Any],
    editor: Principal,
) -> CatalogItem:
    """Apply `changes` to an item the editor may change, and announce it."""
    item = await get_item(uow=uow, kinds=kinds, item_id=item_id)
    if not may_change(editor, item.author_id):
        raise Forbidden("Only the author or an admin may change this item")
    apply_data(item, {**item.data, **changes, "id": item.id, "kind": item.kind})
    uow.raise_event(
        ContentUpdated(
            content_type=Kind(item.kind).content_type,  # type: ignore[arg-type]
            content_id=item.id,
            revision=item.revision,
            item=item.data,
        )
    )
    await uow.commit()
    return item


async def delete_item(
    *, uow: UnitOfWork, kinds: tuple[str, ...], item_id: str, editor: Principal
) -> None:
    """Remove an item the editor may change, and announce it."""
    item = await get_item(uow=uow, kinds=kinds, item_id=item_id)
    if not may_change(editor, item.author_id):
        raise Forbidden("Only the author or an admin may delete this item")
    await CatalogRepository(uow.session).delete(item)
    uow.raise_event(
        ContentDeleted(
            content_type=Kind(item.kind).content_type,  # type: ignore[arg-type]
            content_id=item.id,
        )
    )
    await uow.commit()


def apply_data(item: CatalogItem, data: dict[str, Any]) -> None:
    item.data = data
    for name, value in filter_columns(data).items():
        setattr(item, name, value)
    item.revision += 1
    item.updated_at = utcnow()


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]
    return f"{slug or 'item'}-{uuid.uuid4().hex[:6]}"
