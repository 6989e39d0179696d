"""`POST /internal/v1/design-chat`: practice asks for the answer to a design-session question.

Outside `/api/v1`, so the gateway never routes a client here: only practice calls it, with the
learner's own access token, after it has checked the session is theirs and open.
"""

from __future__ import annotations

from fastapi import APIRouter

from coach.api.deps import ActiveProvider
from coach.api.schemas import DesignChatIn, DesignChatOut
from coach.services.design_chat import answer_design_question
from servicekit.auth import CurrentUser

router = APIRouter(prefix="/internal/v1", tags=["internal"])


@router.post("/design-chat", response_model=DesignChatOut)
async def design_chat(
    body: DesignChatIn, provider: ActiveProvider, _: CurrentUser
) -> DesignChatOut:
    reply = await answer_design_question(
        provider=provider, context=body.context(), message=body.message, history=body.turns()
    )
    return DesignChatOut.of(reply)
