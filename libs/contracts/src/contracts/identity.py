"""Events produced by identity: users on `identity.users.v1`, trust material on its own topics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from contracts.envelope import Event
from contracts.topics import IDENTITY_REVOCATIONS, IDENTITY_SIGNING_KEYS, IDENTITY_USERS

Role = Literal["student", "professor", "admin"]
# The IANA zone the user's days are counted in. Only bounded here: a reader whose zone
# database lacks it falls back to UTC rather than dead-letter the whole event.
ZoneName = Annotated[str, Field(min_length=1, max_length=64)]


class _UserEvent(Event):
    topic = IDENTITY_USERS
    user_id: str

    def aggregate_key(self) -> str:
        return self.user_id


class UserRegistered(_UserEvent):
    event_type = "identity.user_registered"
    event_version = 1

    email: str
    username: str | None = None
    full_name: str
    role: Role
    selected_role: str | None = None
    time_zone: ZoneName | None = None


class UserUpdated(_UserEvent):
    event_type = "identity.user_updated"
    event_version = 1

    username: str | None = None
    full_name: str
    selected_role: str | None = None
    time_zone: ZoneName | None = None


class UserRoleChanged(_UserEvent):
    event_type = "identity.user_role_changed"
    event_version = 1

    old_role: Role
    new_role: Role


# base64url without padding, as in a JWK; 2048- to 8192-bit RSA moduli fit.
Base64Url = Annotated[str, Field(min_length=1, max_length=1400, pattern=r"^[A-Za-z0-9_-]+$")]


class SigningKeyPublished(Event):
    """A public key that verifies identity's access tokens, until `verify_until` if set.

    Published again whenever the key's end changes (a rotation retires it); readers keep the
    earliest end they have seen, so a late copy of an older record cannot extend a key's life.
    """

    topic = IDENTITY_SIGNING_KEYS
    event_type = "identity.signing_key_published"
    event_version = 1

    kid: str = Field(min_length=1, max_length=64)
    kty: Literal["RSA"] = "RSA"
    alg: Literal["RS256"] = "RS256"
    n: Base64Url
    e: Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_-]+$")]
    verify_until: datetime | None = None

    def aggregate_key(self) -> str:
        return self.kid

    def jwk(self) -> dict[str, str]:
        return {
            "kty": self.kty,
            "alg": self.alg,
            "use": "sig",
            "kid": self.kid,
            "n": self.n,
            "e": self.e,
        }


class AccessTokenRevoked(Event):
    """An access token refused from now on, though its signature and times are still good."""

    topic = IDENTITY_REVOCATIONS
    event_type = "identity.access_token_revoked"
    event_version = 1

    jti: str = Field(min_length=1, max_length=64)
    expires_at: int = Field(ge=0, description="when the token expires anyway, in epoch seconds")

    def aggregate_key(self) -> str:
        return self.jti
