"""Coach settings, read from `COACH_*` environment variables."""

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")
    service_name = "coach"
    default_port = 8005

    llm_provider: str = "builtin"
    llm_model: str = "whetstone-coach-deterministic-1"
