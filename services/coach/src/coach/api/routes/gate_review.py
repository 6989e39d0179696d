"""`POST /internal/v1/gate-review`: practice asks for concerns about a learner's thinking gate.

Outside `/api/v1`, so the gateway never routes a client here: only practice calls it, with the
learner's own access token, after its deterministic check has decided the gate.
"""

from __future__ import annotations

from fastapi import APIRouter

from coach.api.deps import ActiveProvider
from coach.api.schemas import GateReviewIn, GateReviewOut
from coach.services.gate_review import review_gate
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/internal/v1", tags=["internal"])


@router.post("/gate-review", response_model=GateReviewOut)
async def gate_review(
    body: GateReviewIn, provider: ActiveProvider, _: CurrentUser
) -> GateReviewOut:
    reply = await review_gate(provider=provider, review=body.review())
    return GateReviewOut.of(reply)
