"""Bodies of `/admin/stats`."""

from __future__ import annotations

from pydantic import BaseModel


class PlatformStatsOut(BaseModel):
    total_users: int
    users_by_role: dict[str, int]
    total_tasks: int
    total_drills: int
    total_problems: int
    total_responses: int
    total_drill_answers: int
    submissions_by_kind: dict[str, dict[str, int]]
    active_users: dict[str, int]
