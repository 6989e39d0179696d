"""What the use cases need from the outside, as protocols: SQL, Argon2, RSA and Redis implement
them in production, in-memory fakes in the unit tests."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from contracts import Event
from identity.db.tables import RefreshToken, SigningKey, TokenFamily, User
from identity.domain.tokens import IssuedTokens, RefreshClaims


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...

    async def get(self, user_id: str) -> User | None: ...

    async def by_email(self, email: str) -> User | None: ...

    async def by_username(self, username: str) -> User | None: ...

    async def page(
        self, *, role: str | None, limit: int, offset: int
    ) -> tuple[list[User], int]: ...


class SessionRepository(Protocol):
    def add_family(self, family: TokenFamily) -> None: ...

    def add_token(self, token: RefreshToken) -> None: ...

    async def family(self, family_id: str) -> TokenFamily | None: ...

    async def spend(self, jti: str, now: datetime) -> bool:
        """Mark the token spent if nobody has; True only for the one caller that did."""
        ...

    async def revoke_family(self, family_id: str, now: datetime) -> None: ...

    async def revoke_all_but(
        self, user_id: str, keep_family: str | None, now: datetime
    ) -> None: ...


class SigningKeyRepository(Protocol):
    def add(self, key: SigningKey) -> None: ...

    async def usable(self, retired_after: datetime) -> list[SigningKey]:
        """Active keys and those retired after `retired_after`, oldest first."""
        ...

    async def retire_active(self, at: datetime) -> None:
        """Mark every key not yet retired as retired from `at` on."""
        ...


class IdentityUnitOfWork(Protocol):
    """One transaction over identity's tables and its outbox."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def signing_keys(self) -> SigningKeyRepository: ...

    def raise_event(self, event: Event) -> object: ...

    async def commit(self) -> None:
        """Commit; a duplicate email or username raises `AlreadyExists`."""
        ...


class Passwords(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """False for `None` too, after the same work as a real check."""
        ...

    def needs_rehash(self, password_hash: str) -> bool: ...


class Tokens(Protocol):
    def issue(self, *, user_id: str, role: str, family_id: str) -> IssuedTokens: ...

    def read_refresh(self, token: str) -> RefreshClaims:
        """The claims of a valid refresh token, or `Unauthenticated`."""
        ...


class Throttle(Protocol):
    async def attempt(self, *keys: str) -> int:
        """Count one attempt against each key; seconds to wait if any is over its limit, else 0."""
        ...

    async def forgive(self, *keys: str) -> None:
        """Take back an attempt that succeeded, so only failures add up."""
        ...
