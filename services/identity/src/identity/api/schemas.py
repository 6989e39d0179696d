"""Request and response bodies of identity's routes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from contracts.catalogue.vocabulary import ProblemDifficulty
from identity.db.tables import User
from identity.domain.users import EngineeringTrack
from identity.services.sessions import SignedIn
from servicekit.zones import DEFAULT_ZONE, TimeZoneName

Password = Field(min_length=8, max_length=256)
Username = Field(default=None, min_length=3, max_length=50, pattern=r"^[A-Za-z0-9_.-]+$")
Label = Annotated[str, Field(min_length=1, max_length=100)]
FullName = Annotated[str, Field(min_length=1, max_length=200)]
Labels = Field(default=None, max_length=20)


class Strict(BaseModel):
    # Unknown fields are refused, not ignored: `role` in a body is a 422, never a silent no-op.
    model_config = ConfigDict(extra="forbid")


class Register(Strict):
    email: EmailStr
    password: str = Password
    full_name: FullName
    username: str | None = Username
    selected_role: EngineeringTrack | None = None


class Login(Strict):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class Refresh(Strict):
    refresh_token: str = Field(min_length=1, max_length=4096)


class ChangePassword(Strict):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Password


class ProfileFields(BaseModel):
    experience_level: str | None = Field(default=None, max_length=50)
    primary_languages: list[Label] | None = Labels
    job_titles: list[Label] | None = Labels
    industries: list[Label] | None = Labels
    areas_of_interest: list[Label] | None = Labels
    resume_summary: str | None = Field(default=None, max_length=5000)


class PreferenceFields(BaseModel):
    theme: Literal["light", "dark", "system"] | None = None
    notifications: bool | None = None
    default_difficulty: ProblemDifficulty | None = None
    feedback_style: Literal["concise", "detailed", "actionable", "socratic"] | None = None
    voice_input_enabled: bool | None = None
    time_zone: TimeZoneName | None = None  # streaks count days here; null goes back to UTC


class PreferencesOut(PreferenceFields):
    # Read back as stored, not re-validated: a zone this machine no longer knows is no 500.
    time_zone: str = DEFAULT_ZONE


class _Patch(Strict):
    """At least one field; an explicit null clears a field where that makes sense."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _not_empty(self) -> _Patch:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ProfilePatch(ProfileFields, _Patch):
    pass


class PreferencesPatch(PreferenceFields, _Patch):
    pass


def _without_null(schema: dict[str, Any]) -> None:
    [kept] = [member for member in schema.pop("anyOf") if member != {"type": "null"}]
    schema.update(kept)


# A plain optional, so a refusal inside names the field alone (`preferences.time_zone`); a
# union with a skipped None added a second error and a tag to the path.
Unclearable = Field(default=None, json_schema_extra=_without_null)


class UpdateMe(_Patch):
    """What a user may change of their own profile; `role` is not among it.

    `full_name`, `profile` and `preferences` may be left out but not cleared, so the
    document does not offer null for them (`Unclearable`); None means "unchanged".
    """

    full_name: FullName | None = Unclearable
    username: str | None = Username
    selected_role: EngineeringTrack | None = None
    profile: ProfilePatch | None = Unclearable
    preferences: PreferencesPatch | None = Unclearable

    @model_validator(mode="after")
    def _required_stay(self) -> UpdateMe:
        for name in ("full_name", "profile", "preferences"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class SetRole(Strict):
    role: Literal["student", "professor", "admin"]


class UserOut(BaseModel):
    id: str
    email: str
    username: str | None
    full_name: str
    role: str
    selected_role: str | None
    profile: ProfileFields
    preferences: PreferencesOut
    created_at: datetime
    last_login: datetime | None

    @field_validator("created_at", "last_login")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # SQLite gives timestamps back without a zone; they are UTC.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls.model_validate(user, from_attributes=True)


class TokenAnswer(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  the OAuth2 token type, no secret
    expires_in: int
    user: UserOut

    @classmethod
    def of(cls, signed_in: SignedIn) -> TokenAnswer:
        issued = signed_in.tokens
        return cls(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            expires_in=issued.expires_in,
            user=UserOut.of(signed_in.user),
        )
