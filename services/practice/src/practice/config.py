"""Practice settings, read from `PRACTICE_*` environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PRACTICE_", extra="ignore")
    service_name = "practice"
    default_port = 8003

    max_wait_seconds: float = Field(default=30.0, gt=0, le=30)
    # A submission still queued this long was probably lost with the (memory-only) broker.
    redrive_after_seconds: float = Field(default=60.0, gt=0)
    redrive_max: int = Field(default=3, ge=0)
    sweep_interval_seconds: float = Field(default=15.0, gt=0)
    max_code_bytes: int = Field(default=64 * 1024, gt=0)
    max_diagram_bytes: int = Field(default=512 * 1024, gt=0)
    max_project_bytes: int = Field(default=200 * 1024, gt=0)  # a debug lab's edited files
    max_answer_bytes: int = Field(default=128 * 1024, gt=0)  # a written response, all parts
    max_open_design_sessions: int = Field(default=10, gt=0)  # active or paused, per learner
    max_open_interviews: int = Field(default=3, gt=0)  # pending or in progress, per learner
    max_interview_answer_bytes: int = Field(default=32 * 1024, gt=0)  # answer_text, UTF-8
