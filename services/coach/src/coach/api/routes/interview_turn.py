"""`POST /internal/v1/interview-turn`: practice asks what the interviewer says to an answer.

Outside `/api/v1`, so the gateway never routes a client here: only practice calls it, with the
learner's own access token, once it has scored the answer. The scores stay practice's.
"""

from __future__ import annotations

from fastapi import APIRouter

from coach.api.deps import ActiveProvider
from coach.api.interview_schemas import InterviewTurnIn, InterviewTurnOut
from coach.services.interview_turn import reply_to_answer
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/internal/v1", tags=["internal"])


@router.post("/interview-turn", response_model=InterviewTurnOut)
async def interview_turn(
    body: InterviewTurnIn, provider: ActiveProvider, _: CurrentUser
) -> InterviewTurnOut:
    return InterviewTurnOut.of(await reply_to_answer(provider=provider, turn=body.turn()))
