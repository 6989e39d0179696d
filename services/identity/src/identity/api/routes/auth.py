"""`/api/v1/auth`: register, log in, refresh, log out, JWKS."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from identity.api.deps import Keys, Policy, Uow, login_address
from identity.api.schemas import Login, Logout, Refresh, Register, TokenAnswer, UserOut
from identity.db.tables import User
from identity.domain.errors import BadCredentials, TooManyAttempts
from identity.security.throttle import LoginThrottle
from identity.services import accounts, sessions
from servicekit.auth import CurrentUser, Denylist
from servicekit.db import UnitOfWork

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


async def _answer(uow: UnitOfWork, user: User, keys: Keys, policy: Policy) -> TokenAnswer:
    pair = await sessions.open_session(uow=uow, user=user, keys=keys, policy=policy)
    return TokenAnswer(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=UserOut.of(user),
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=TokenAnswer)
async def register(body: Register, uow: Uow, keys: Keys, policy: Policy) -> TokenAnswer:
    user = await accounts.register(
        uow=uow,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        username=body.username,
        selected_role=body.selected_role,
    )
    return await _answer(uow, user, keys, policy)


async def _login(
    request: Request, uow: Uow, keys: Keys, policy: Policy, email: str, password: str
) -> TokenAnswer:
    throttle: LoginThrottle = request.app.state.runtime.extras["throttle"]
    buckets = (f"email:{email.lower()}", f"ip:{login_address(request)}")
    if wait := await throttle.retry_after(*buckets):
        raise TooManyAttempts(wait)
    try:
        user = await accounts.authenticate(uow=uow, email=email, password=password)
    except BadCredentials:
        await throttle.failed(*buckets)
        raise
    return await _answer(uow, user, keys, policy)


@router.post("/login", response_model=TokenAnswer)
async def login(body: Login, request: Request, uow: Uow, keys: Keys, policy: Policy) -> TokenAnswer:
    return await _login(request, uow, keys, policy, body.email, body.password)


@router.post("/token", response_model=TokenAnswer, summary="OAuth2 password flow")
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    uow: Uow,
    keys: Keys,
    policy: Policy,
) -> TokenAnswer:
    return await _login(request, uow, keys, policy, form.username, form.password)


@router.post("/refresh", response_model=TokenAnswer)
async def refresh(body: Refresh, uow: Uow, keys: Keys, policy: Policy) -> TokenAnswer:
    user, pair = await sessions.rotate(
        uow=uow, refresh_token=body.refresh_token, keys=keys, policy=policy
    )
    return TokenAnswer(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=UserOut.of(user),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    request: Request,
    user: CurrentUser,
    uow: Uow,
    keys: Keys,
    policy: Policy,
    body: Logout | None = None,
) -> Response:
    await sessions.close_session(
        uow=uow,
        refresh_token=body.refresh_token if body else None,
        user_id=user.user_id,
        keys=keys,
        policy=policy,
    )
    denylist: Denylist = request.app.state.denylist
    await denylist.revoke(user.jti, user.expires_at)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/jwks", summary="Public signing keys")
async def jwks(keys: Keys, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return keys.jwks()
