"""Identity settings, read from `IDENTITY_*` environment variables."""

from datetime import timedelta

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)
    service_name = "identity"
    default_port = 8001

    access_token_ttl_seconds: int = Field(default=15 * 60, gt=0)
    refresh_token_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0)
    # The first admin; nothing is made unless both are set (there are no default credentials).
    admin_email: str | None = Field(
        default=None, validation_alias=AliasChoices("PLATFORM_ADMIN_EMAIL", "IDENTITY_ADMIN_EMAIL")
    )
    admin_password: str | None = Field(
        default=None,
        min_length=8,
        validation_alias=AliasChoices("PLATFORM_ADMIN_PASSWORD", "IDENTITY_ADMIN_PASSWORD"),
    )
    login_attempts_per_minute: int = Field(default=10, gt=0)
    # Proxies (the gateway) whose X-Forwarded-For names the client a login is counted for.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    # How often replicas reload the signing keys (rotation, or a key another replica made).
    key_reload_seconds: float = Field(default=60.0, gt=0)
    # A rotated-in key is published this long before it signs: longer than every service's
    # JWKS refresh (300 s) plus a reload here, so no verifier meets an unknown `kid`.
    key_hand_over_seconds: int = Field(default=420, ge=0)

    @property
    def key_retention(self) -> timedelta:
        """How long a retired key stays published: while a token it signed can still be live."""
        return timedelta(seconds=max(self.access_token_ttl_seconds, self.refresh_token_ttl_seconds))

    @property
    def key_hand_over(self) -> timedelta:
        return timedelta(seconds=self.key_hand_over_seconds)
