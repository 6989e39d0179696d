"""Queries over the catalogue table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from content.db.tables import CatalogItem


@dataclass(frozen=True)
class ItemFilter:
    kinds: tuple[str, ...]
    equals: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


class CatalogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, item_id: str) -> CatalogItem | None:
        return await self._session.get(CatalogItem, item_id)

    def add(self, item: CatalogItem) -> None:
        self._session.add(item)

    async def delete(self, item: CatalogItem) -> None:
        await self._session.delete(item)

    async def page(
        self, where: ItemFilter, *, limit: int, offset: int
    ) -> tuple[list[CatalogItem], int]:
        query = select(CatalogItem).where(col(CatalogItem.kind).in_(where.kinds))
        for name, value in where.equals.items():
            if value is not None:
                query = query.where(getattr(CatalogItem, name) == value)
        if where.text:
            query = query.where(
                col(CatalogItem.search_text).contains(where.text.lower(), autoescape=True)
            )
        total_query = select(func.count()).select_from(query.subquery())
        total = int((await self._session.exec(total_query)).one())
        page = (
            query.order_by(col(CatalogItem.kind), col(CatalogItem.title))
            .limit(limit)
            .offset(offset)
        )
        return list((await self._session.exec(page)).all()), total

    async def random(self, where: ItemFilter, *, count: int) -> list[CatalogItem]:
        query = select(CatalogItem).where(col(CatalogItem.kind).in_(where.kinds))
        for name, value in where.equals.items():
            if value is not None:
                query = query.where(getattr(CatalogItem, name) == value)
        return list((await self._session.exec(query.order_by(func.random()).limit(count))).all())
