"""Request and response bodies of identity's routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from identity.db.tables import User

EngineeringTrack = Literal[
    "Backend Engineer", "Frontend Engineer", "Systems Engineer", "Data Engineer"
]
Password = Field(min_length=8, max_length=256)


class Register(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    password: str = Password
    full_name: str = Field(min_length=1, max_length=200)
    username: str | None = Field(
        default=None, min_length=3, max_length=50, pattern=r"^[A-Za-z0-9_.-]+$"
    )
    selected_role: EngineeringTrack | None = None


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class Refresh(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


class Logout(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=4096)


class ChangePassword(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Password
    refresh_token: str | None = Field(default=None, max_length=4096)


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    experience_level: str | None = Field(default=None, max_length=50)
    primary_languages: list[str] | None = None
    job_titles: list[str] | None = None
    industries: list[str] | None = None
    areas_of_interest: list[str] | None = None
    resume_summary: str | None = Field(default=None, max_length=5000)


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: Literal["light", "dark", "system"] | None = None
    notifications: bool | None = None
    default_difficulty: Literal["easy", "medium", "hard"] | None = None
    feedback_style: Literal["concise", "detailed", "socratic"] | None = None
    voice_input_enabled: bool | None = None


class UpdateMe(BaseModel):
    """What a user may change of their own profile; `role` is not among it (422 if sent)."""

    model_config = ConfigDict(extra="forbid")
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    username: str | None = Field(
        default=None, min_length=3, max_length=50, pattern=r"^[A-Za-z0-9_.-]+$"
    )
    selected_role: EngineeringTrack | None = None
    profile: Profile | None = None
    preferences: Preferences | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> UpdateMe:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True, exclude_none=True)


class SetRole(BaseModel):
    role: Literal["student", "professor", "admin"]


class UserOut(BaseModel):
    id: str
    email: str
    username: str | None
    full_name: str
    role: str
    selected_role: str | None
    profile: dict[str, Any]
    preferences: dict[str, Any]
    created_at: datetime
    last_login: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls.model_validate(user, from_attributes=True)


class TokenAnswer(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  the OAuth2 token type, no secret
    expires_in: int
    user: UserOut
