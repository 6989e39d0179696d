"""Assembles the practice service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from contracts import topics
from practice.api.routes import (
    admin_stats,
    analytics,
    attempts,
    bug_hunt,
    debug_lab,
    design_sessions,
    drills,
    interviews,
    professor,
    progress,
    responses,
    skills,
    submissions,
)
from practice.coach_design_chat import HttpDesignCoach
from practice.coach_gate_review import HttpGateReviewer
from practice.coach_http import CoachHttp
from practice.coach_interviewer import CoachInterviewer
from practice.config import Settings
from practice.events.subscribers import subscriptions
from practice.services.waiters import VerdictWaiters
from practice.sweeper import running_sweeper
from servicekit.app import create_service_app
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings


def gate_reviewer(runtime: Runtime, settings: Settings) -> HttpGateReviewer:
    deadline = settings.coach_gate_review_timeout_seconds
    coach = CoachHttp(runtime.http, base_url=settings.coach_url, timeout_seconds=deadline)
    return HttpGateReviewer(coach, deadline_seconds=deadline)


def interviewer(runtime: Runtime, settings: Settings) -> CoachInterviewer:
    deadline = settings.interview_coach_timeout_seconds
    coach = CoachHttp(runtime.http, base_url=settings.coach_url, timeout_seconds=deadline)
    return CoachInterviewer(coach, deadline_seconds=deadline)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or Settings()
    assert isinstance(settings, Settings)
    waiters = VerdictWaiters()

    @asynccontextmanager
    async def resources(runtime: Runtime) -> AsyncIterator[None]:
        runtime.extras["waiters"] = waiters
        coach = CoachHttp(
            runtime.http,
            base_url=settings.coach_url,
            timeout_seconds=settings.coach_timeout_seconds,
        )
        runtime.extras["coach"] = HttpDesignCoach(coach)
        runtime.extras["gate_reviewer"] = gate_reviewer(runtime, settings)
        runtime.extras["interviewer"] = interviewer(runtime, settings)
        async with running_sweeper(runtime):
            yield

    return create_service_app(
        settings,
        ServiceSpec(
            title="Whetstone practice",
            routers=[
                attempts.router,
                submissions.router,
                responses.router,
                design_sessions.router,
                bug_hunt.router,
                debug_lab.router,
                drills.router,
                progress.router,
                admin_stats.router,
                professor.router,
                analytics.router,
                skills.router,
                interviews.router,
            ],
            produces=[topics.PRACTICE_SUBMISSIONS, topics.INTERVIEW_EVENTS],
            subscriptions=subscriptions(waiters),
            resources=resources,
        ),
    )
