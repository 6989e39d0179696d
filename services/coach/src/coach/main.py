"""Assembles the coach service."""

from fastapi import FastAPI

from coach.api.routes import system
from coach.config import Settings
from contracts import topics
from servicekit.app import create_service_app
from servicekit.runtime import ServiceSpec
from servicekit.settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        ServiceSpec(
            title="Whetstone coach",
            routers=[system.router],
            produces=[topics.COACH_FEEDBACK, topics.INTERVIEW_EVENTS],
        ),
    )
