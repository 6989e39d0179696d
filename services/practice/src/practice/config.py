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
    # Seed 000: a response's AI feedback unlocks this long after it was submitted; past the
    # unlock, feedback that has not come within the wait is answered as unavailable.
    feedback_unlock_minutes: float = Field(default=5.0, ge=0, le=24 * 60)
    feedback_wait_seconds: float = Field(default=120.0, ge=0, le=3600)
    # Design-session chat: the coach is asked synchronously, within a deadline below the
    # gateway's 30 s, so the learner gets practice's 503/504 rather than the gateway's.
    coach_url: str = "http://127.0.0.1:8005"
    coach_timeout_seconds: float = Field(default=25.0, gt=0, le=60)
    # The thinking gate may ask the coach for a model's warnings; it waits at most this long,
    # and answers without them on any failure. Off by default: it costs a model call per gate.
    coach_gate_review: bool = False
    coach_gate_review_timeout_seconds: float = Field(default=3.0, gt=0, le=10)
    max_chat_message_bytes: int = Field(default=8 * 1024, gt=0, le=64 * 1024)
    max_chat_messages: int = Field(default=200, ge=2, le=10_000)  # per session, both sides
    chat_history_turns: int = Field(default=10, ge=0, le=20)  # earlier messages the coach sees
    chat_messages_shown: int = Field(default=50, ge=1, le=200)  # on GET /design-sessions/{id}
    max_open_interviews: int = Field(default=3, gt=0)  # pending or in progress, per learner
    max_interview_answer_bytes: int = Field(default=32 * 1024, gt=0)  # answer_text, UTF-8
    # The coach voices the interviewer's reply; past this, practice's own reply is given.
    interview_coach_timeout_seconds: float = Field(default=3.0, gt=0, le=20)
    # An answer with no answer_evaluated this long after it was kept lost its process between
    # its two transactions: the sweeper sends it. Past the coach's longest deadline (20 s).
    interview_announce_after_seconds: float = Field(default=30.0, gt=20)
