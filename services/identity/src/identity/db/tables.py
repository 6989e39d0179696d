"""Identity's tables: users, signing keys, refresh-token families and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

import servicekit.inbox
import servicekit.outbox  # noqa: F401  the outbox and inbox tables share this metadata
from servicekit.outbox import timestamp_field


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = Field(primary_key=True, max_length=36)
    email: str = Field(unique=True, max_length=320)  # stored lower-case
    username: str | None = Field(default=None, unique=True, max_length=50)
    full_name: str = Field(max_length=200)
    role: str = Field(default="student", max_length=20, index=True)
    selected_role: str | None = Field(default=None, max_length=40)  # the engineering track
    password_hash: str = Field(max_length=300)
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    preferences: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = timestamp_field()
    last_login: datetime | None = timestamp_field(optional=True)


class SigningKey(SQLModel, table=True):
    """An RSA private key; once retired it signs no more but stays published for a while."""

    __tablename__ = "signing_keys"

    kid: str = Field(primary_key=True, max_length=64)
    private_pem: str
    created_at: datetime = timestamp_field()
    retired_at: datetime | None = timestamp_field(optional=True)


class TokenFamily(SQLModel, table=True):
    """One login session: every refresh token it rotates through shares the family."""

    __tablename__ = "token_families"

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, index=True)
    created_at: datetime = timestamp_field()
    revoked_at: datetime | None = timestamp_field(optional=True)


class RefreshToken(SQLModel, table=True):
    """One issued refresh token; `spent_at` is set exactly once, by the refresh that used it."""

    __tablename__ = "refresh_tokens"

    jti: str = Field(primary_key=True, max_length=64)
    family_id: str = Field(max_length=36, index=True)
    user_id: str = Field(max_length=36)
    expires_at: datetime = timestamp_field()
    spent_at: datetime | None = timestamp_field(optional=True)
