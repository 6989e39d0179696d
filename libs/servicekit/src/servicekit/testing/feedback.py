"""A route that raises one event through the outbox, for tests of a service meeting its broker."""

from __future__ import annotations

from fastapi import APIRouter

from contracts.coach import FeedbackReady
from servicekit.runtime import RuntimeDep

feedback_router = APIRouter()


@feedback_router.post("/feedback/{name}")
async def give_feedback(name: str, runtime: RuntimeDep) -> dict[str, str]:
    async with runtime.unit_of_work() as uow:
        uow.raise_event(
            FeedbackReady(feedback_id=name, user_id="u1", target_type="attempt", target_id=name)
        )
        await uow.commit()
    return {"raised": name}
