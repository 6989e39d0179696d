"""Queries over the catalogue table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, tuple_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from content.db.tables import CatalogItem, Enrolment


@dataclass(frozen=True)
class ItemFilter:
    kinds: tuple[str, ...]
    equals: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    tags: tuple[str, ...] = ()  # every one must be present


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
        query = _filtered(where)
        total_query = select(func.count()).select_from(query.subquery())
        total = int((await self._session.exec(total_query)).one())
        page = (
            query.order_by(col(CatalogItem.kind), col(CatalogItem.title), col(CatalogItem.id))
            .limit(limit)
            .offset(offset)
        )
        return list((await self._session.exec(page)).all()), total

    async def batch_after(
        self, item_id: str, *, size: int, kinds: tuple[str, ...] | None = None, lock: bool = False
    ) -> list[CatalogItem]:
        """Up to `size` items whose id sorts after `item_id`, in id order (for a full scan).

        `lock` holds the rows until commit, so a concurrent change is announced after this one.
        """
        query = select(CatalogItem).where(col(CatalogItem.id) > item_id)
        if kinds is not None:
            query = query.where(col(CatalogItem.kind).in_(kinds))
        query = query.order_by(col(CatalogItem.id)).limit(size)
        if lock:
            query = query.with_for_update()
        return list((await self._session.exec(query)).all())

    async def same_as(self, kind: str, *, title: str, prompt: dict[str, str]) -> CatalogItem | None:
        """An item of `kind` with this title, or with every `prompt` field equal (lowercased)."""
        data = col(CatalogItem.data)
        same_prompt = and_(
            *(
                func.lower(func.trim(data[name].as_string())) == text
                for name, text in prompt.items()
            )
        )
        query = select(CatalogItem).where(
            col(CatalogItem.kind) == kind,
            or_(
                func.lower(func.trim(col(CatalogItem.title))) == title.strip().lower(), same_prompt
            ),
        )
        return (await self._session.exec(query.limit(1))).first()

    async def random(self, where: ItemFilter, *, count: int) -> list[CatalogItem]:
        query = _filtered(where)
        return list((await self._session.exec(query.order_by(func.random()).limit(count))).all())


def _filtered(where: ItemFilter) -> SelectOfScalar[CatalogItem]:
    query = select(CatalogItem).where(col(CatalogItem.kind).in_(where.kinds))
    for name, value in where.equals.items():
        if value is not None:
            query = query.where(getattr(CatalogItem, name) == value)
    for tag in where.tags:
        query = query.where(col(CatalogItem.tags).contains(f",{tag.lower()},", autoescape=True))
    if where.text:
        query = query.where(
            col(CatalogItem.search_text).contains(where.text.lower(), autoescape=True)
        )
    return query


class Enrolments:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, subject_id: str, user_id: str) -> Enrolment | None:
        return await self._session.get(Enrolment, (subject_id, user_id))

    def add(self, enrolment: Enrolment) -> None:
        self._session.add(enrolment)

    async def subjects_of(
        self, user_id: str, *, limit: int, offset: int
    ) -> tuple[list[CatalogItem], int]:
        query = (
            select(CatalogItem)
            .join(Enrolment, col(Enrolment.subject_id) == col(CatalogItem.id))
            .where(Enrolment.user_id == user_id)
        )
        total_query = select(func.count()).select_from(query.subquery())
        total = int((await self._session.exec(total_query)).one())
        page = (
            query.order_by(col(CatalogItem.title), col(CatalogItem.id)).limit(limit).offset(offset)
        )
        return list((await self._session.exec(page)).all()), total

    async def counts(self, subject_ids: list[str]) -> dict[str, int]:
        query = (
            select(Enrolment.subject_id, func.count())
            .where(col(Enrolment.subject_id).in_(subject_ids))
            .group_by(col(Enrolment.subject_id))
        )
        return {subject_id: int(count) for subject_id, count in await self._session.exec(query)}

    async def batch_after(self, after: tuple[str, str], *, size: int) -> list[Enrolment]:
        """Up to `size` enrolments after `after` (subject id, user id), in that order."""
        query = (
            select(Enrolment)
            .where(tuple_(col(Enrolment.subject_id), col(Enrolment.user_id)) > tuple_(*after))
            .order_by(col(Enrolment.subject_id), col(Enrolment.user_id))
            .limit(size)
        )
        return list((await self._session.exec(query)).all())

    async def remove_subject(self, subject_id: str) -> None:
        for enrolment in await self._session.exec(
            select(Enrolment).where(Enrolment.subject_id == subject_id)
        ):
            await self._session.delete(enrolment)
