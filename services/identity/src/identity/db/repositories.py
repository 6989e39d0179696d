"""Queries over identity's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from identity.db.tables import RefreshToken, SigningKey, TokenFamily, User


class Users:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, user: User) -> None:
        self._session.add(user)

    async def get(self, user_id: str) -> User | None:
        return await self._session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        query = select(User).where(col(User.email) == email.lower())
        return (await self._session.exec(query)).first()

    async def by_username(self, username: str) -> User | None:
        query = select(User).where(col(User.username) == username)
        return (await self._session.exec(query)).first()

    async def page(self, *, role: str | None, limit: int, offset: int) -> tuple[list[User], int]:
        query = select(User)
        if role is not None:
            query = query.where(col(User.role) == role)
        total = (await self._session.exec(select(func.count()).select_from(query.subquery()))).one()
        rows = await self._session.exec(
            query.order_by(col(User.created_at), col(User.id)).limit(limit).offset(offset)
        )
        return list(rows.all()), int(total)


class Sessions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add_family(self, family: TokenFamily) -> None:
        self._session.add(family)

    def add_token(self, token: RefreshToken) -> None:
        self._session.add(token)

    async def family(self, family_id: str) -> TokenFamily | None:
        return await self._session.get(TokenFamily, family_id)

    async def spend(self, jti: str, now: datetime) -> bool:
        # One conditional UPDATE: of two concurrent refreshes, the second waits for the
        # first's row lock, re-reads `spent_at` and matches nothing.
        result = await self._session.exec(
            update(RefreshToken)
            .where(col(RefreshToken.jti) == jti, col(RefreshToken.spent_at).is_(None))
            .values(spent_at=now)
        )
        return bool(result.rowcount)

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        await self._session.exec(
            update(TokenFamily)
            .where(col(TokenFamily.id) == family_id, col(TokenFamily.revoked_at).is_(None))
            .values(revoked_at=now)
        )

    async def revoke_all_but(self, user_id: str, keep_family: str | None, now: datetime) -> None:
        query = update(TokenFamily).where(
            col(TokenFamily.user_id) == user_id, col(TokenFamily.revoked_at).is_(None)
        )
        if keep_family is not None:
            query = query.where(col(TokenFamily.id) != keep_family)
        await self._session.exec(query.values(revoked_at=now))


class SigningKeys:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, key: SigningKey) -> None:
        self._session.add(key)

    async def usable(self, retired_after: datetime) -> list[SigningKey]:
        retired_at = col(SigningKey.retired_at)
        query = (
            select(SigningKey)
            .where(or_(retired_at.is_(None), retired_at > retired_after))
            .order_by(col(SigningKey.created_at), col(SigningKey.kid))
        )
        return list((await self._session.exec(query)).all())

    async def retire_active(self, at: datetime) -> None:
        await self._session.exec(
            update(SigningKey).where(col(SigningKey.retired_at).is_(None)).values(retired_at=at)
        )
