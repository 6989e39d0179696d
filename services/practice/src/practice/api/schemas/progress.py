"""Bodies of `/progress`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class ProgressOut(BaseModel):
    user_id: str
    total_tasks_completed: int
    current_streak: int
    longest_streak: int
    last_activity_date: date | None
    total_score: float
    average_score: float
    time_zone: str
