"""Bodies of `/analytics/me`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class OverviewOut(BaseModel):
    total_sessions: int
    average_score: float
    completion_rate: float
    streak_days: int
    total_hours: float


class CategoryOut(BaseModel):
    category: str
    average_score: float
    session_count: int
    trend: str


class SkillOut(BaseModel):
    skill: str
    current_level: str
    completed: int
    progress: int
    next_milestone: str | None


class DayOut(BaseModel):
    date: date
    sessions: int
    average_score: float | None


class RecommendationOut(BaseModel):
    item_id: str
    kind: str
    title: str
    category: str
    reason: str
    priority: str


class AnalyticsOut(BaseModel):
    overview: OverviewOut
    performance_by_category: list[CategoryOut]
    skill_progress: list[SkillOut]
    recent_activity: list[DayOut]
    recommendations: list[RecommendationOut]
    time_zone: str
