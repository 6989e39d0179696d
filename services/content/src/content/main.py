"""Assembles the content service."""

from fastapi import FastAPI

from content.api.routes import bug_hunt, debug_lab, drills, problems, questions, subjects, tasks
from content.config import Settings
from content.events.subscribers import subscriptions
from contracts import topics
from servicekit.app import create_service_app
from servicekit.runtime import ServiceSpec
from servicekit.settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        ServiceSpec(
            title="Whetstone content",
            routers=[
                problems.router,
                tasks.router,
                drills.router,
                questions.router,
                bug_hunt.router,
                debug_lab.router,
                subjects.router,
            ],
            produces=[topics.CONTENT_CATALOG, topics.CONTENT_GENERATION],
            subscriptions=subscriptions(),
        ),
    )
