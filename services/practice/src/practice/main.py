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
from practice.coach_http import CoachHttp
from practice.coach_interviewer import CoachInterviewer
from practice.config import Settings
from practice.events.subscribers import subscriptions
from practice.services.waiters import VerdictWaiters
from practice.sweeper import running_sweeper
from servicekit.app import create_service_app
from servicekit.runtime import Runtime, ServiceSpec
from servicekit.settings import ServiceSettings


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
        voice = CoachHttp(
            runtime.http,
            base_url=settings.coach_url,
            timeout_seconds=settings.interview_coach_timeout_seconds,
        )
        runtime.extras["interviewer"] = CoachInterviewer(
            voice, deadline_seconds=settings.interview_coach_timeout_seconds
        )
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
