"""Identity settings, read from `IDENTITY_*` environment variables."""

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)
    service_name = "identity"
    default_port = 8001

    access_token_ttl_seconds: int = Field(default=15 * 60, gt=0)
    refresh_token_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0)
    admin_email: str | None = Field(
        default=None, validation_alias=AliasChoices("PLATFORM_ADMIN_EMAIL", "IDENTITY_ADMIN_EMAIL")
    )
    admin_password: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PLATFORM_ADMIN_PASSWORD", "IDENTITY_ADMIN_PASSWORD"),
    )
    login_attempts_per_minute: int = Field(default=10, gt=0)
    # The gateway's address: its X-Forwarded-For names the client a login is counted for.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
