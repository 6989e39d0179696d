"""Coach settings, read from `COACH_*` environment variables."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from contracts.catalogue.vocabulary import TaskDifficulty
from servicekit.settings import ServiceSettings, replica_name


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")
    service_name = "coach"
    default_port = 8005

    # "openai" talks to any chat-completions server; the built-in provider needs nothing.
    llm_provider: Literal["builtin", "openai"] = "builtin"
    llm_model: str = Field(default="whetstone-coach-builtin-1", max_length=200)
    llm_base_url: str | None = Field(default=None, max_length=500)
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=120)
    llm_retries: int = Field(default=2, ge=0, le=5)
    llm_backoff_seconds: float = Field(default=0.5, ge=0, le=10)
    llm_max_tokens: int = Field(default=600, ge=16, le=4000)
    # Consecutive failures that open the breaker, and how long it stays open.
    llm_breaker_failures: int = Field(default=3, ge=1, le=100)
    llm_breaker_cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)

    chat_messages_per_minute: int = Field(default=10, ge=1, le=1000)  # seed 003
    passages_per_answer: int = Field(default=3, ge=1, le=10)

    # Daily generation (seed 000): one task per track at this UTC hour, by one replica at a time.
    daily_generation_enabled: bool = True
    daily_generation_hour_utc: int = Field(default=0, ge=0, le=23)
    daily_generation_difficulty: TaskDifficulty = "intermediate"
    # How often each replica looks at the schedule and at jobs past their deadline.
    generation_tick_seconds: float = Field(default=60.0, gt=0, le=3600)
    # The daily run's lease: longer than a run can take, so no second replica starts meanwhile.
    generation_lease_seconds: float = Field(default=600.0, ge=10, le=86_400)
    # Items content has not answered for by then time out, so every job ends.
    generation_job_timeout_seconds: float = Field(default=600.0, ge=1, le=86_400)
    replica_id: str = Field(default_factory=replica_name, min_length=1, max_length=64)
