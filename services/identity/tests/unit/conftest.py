"""In-memory fakes of identity's ports: the use cases run on these with no I/O at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from contracts import Event
from identity.db.tables import RefreshToken, SigningKey, TokenFamily, User
from identity.domain.tokens import TokenPolicy
from identity.security.keys import KeyRing, generate_signing_key
from identity.security.throttle import LoginThrottle
from identity.security.tokens import TokenService


class FakeUsers:
    def __init__(self) -> None:
        self.rows: dict[str, User] = {}

    def add(self, user: User) -> None:
        self.rows[user.id] = user

    async def get(self, user_id: str) -> User | None:
        return self.rows.get(user_id)

    async def by_email(self, email: str) -> User | None:
        return next((u for u in self.rows.values() if u.email == email.lower()), None)

    async def by_username(self, username: str) -> User | None:
        return next((u for u in self.rows.values() if u.username == username), None)

    async def page(self, *, role: str | None, limit: int, offset: int) -> tuple[list[User], int]:
        users = [u for u in self.rows.values() if role is None or u.role == role]
        users.sort(key=lambda u: (u.created_at, u.id))
        return users[offset : offset + limit], len(users)


class FakeSessions:
    def __init__(self) -> None:
        self.families: dict[str, TokenFamily] = {}
        self.tokens: dict[str, RefreshToken] = {}

    def add_family(self, family: TokenFamily) -> None:
        self.families[family.id] = family

    def add_token(self, token: RefreshToken) -> None:
        self.tokens[token.jti] = token

    async def family(self, family_id: str) -> TokenFamily | None:
        return self.families.get(family_id)

    async def spend(self, jti: str, now: datetime) -> bool:
        token = self.tokens.get(jti)
        if token is None or token.spent_at is not None:
            return False
        token.spent_at = now
        return True

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        family = self.families.get(family_id)
        if family is not None and family.revoked_at is None:
            family.revoked_at = now

    async def revoke_all_but(self, user_id: str, keep_family: str | None, now: datetime) -> None:
        for family in self.families.values():
            if family.user_id == user_id and family.id != keep_family and not family.revoked_at:
                family.revoked_at = now


class FakeSigningKeys:
    def __init__(self) -> None:
        self.rows: list[SigningKey] = []

    def add(self, key: SigningKey) -> None:
        self.rows.append(key)

    async def usable(self, retired_after: datetime) -> list[SigningKey]:
        return [k for k in self.rows if k.retired_at is None or k.retired_at > retired_after]

    async def retire_active(self, at: datetime) -> None:
        for key in self.rows:
            if key.retired_at is None:
                key.retired_at = at


class FakeUnitOfWork:
    """Events count once committed; `commits` shows whether a use case committed at all."""

    def __init__(self) -> None:
        self.users = FakeUsers()
        self.sessions = FakeSessions()
        self.signing_keys = FakeSigningKeys()
        self.events: list[Event] = []
        self.commits = 0
        self._pending: list[Event] = []

    def raise_event(self, event: Event) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self.events += self._pending
        self._pending = []
        self.commits += 1


class FakePasswords:
    """Readable 'hashes'; records what it verified, so the dummy check on unknown emails shows."""

    def __init__(self) -> None:
        self.verified: list[str | None] = []

    async def hash(self, password: str) -> str:
        return f"hashed:{password}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        self.verified.append(password_hash)
        return password_hash == f"hashed:{password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith("hashed:")


class FakeDenylist:
    def __init__(self) -> None:
        self.revoked: dict[str, int] = {}

    async def revoke(self, jti: str, expires_at: int) -> None:
        self.revoked[jti] = expires_at

    async def is_revoked(self, jti: str) -> bool:
        return jti in self.revoked


POLICY = TokenPolicy(issuer="test-issuer", audience="test", access_ttl=900, refresh_ttl=3600)


@pytest.fixture(scope="session")
async def signing_key() -> SigningKey:
    return await generate_signing_key()


@pytest.fixture
def ring(signing_key: SigningKey) -> KeyRing:
    keys = KeyRing()
    keys.replace([signing_key])
    return keys


@pytest.fixture
def tokens(ring: KeyRing) -> TokenService:
    return TokenService(ring, POLICY)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def passwords() -> FakePasswords:
    return FakePasswords()


@pytest.fixture
def throttle() -> LoginThrottle:
    return LoginThrottle(limit=3)  # the in-process one: plain memory, no I/O


@pytest.fixture
def denylist() -> FakeDenylist:
    return FakeDenylist()


@pytest.fixture
def make_user(uow: FakeUnitOfWork) -> Any:
    """Put a user straight into the fake store."""

    def make(role: str = "student", password: str = "correct horse", **fields: Any) -> User:
        n = len(uow.users.rows)
        user = User(
            id=fields.pop("id", f"user-{n}"),
            email=fields.pop("email", f"user{n}@example.com"),
            full_name=fields.pop("full_name", f"User {n}"),
            role=role,
            password_hash=f"hashed:{password}",
            created_at=datetime(2026, 1, 1) + timedelta(minutes=n),
            **fields,
        )
        uow.users.add(user)
        return user

    return make
