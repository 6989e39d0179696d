"""Dependencies of identity's routes."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from identity.config import Settings
from identity.domain.tokens import TokenPolicy
from identity.security.keys import KeyRing
from servicekit.db import UnitOfWork
from servicekit.net import client_address
from servicekit.runtime import RuntimeDep


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield uow


def key_ring(runtime: RuntimeDep) -> KeyRing:
    keys: KeyRing = runtime.extras["keys"]
    return keys


def token_policy(runtime: RuntimeDep) -> TokenPolicy:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return TokenPolicy(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl=settings.access_token_ttl_seconds,
        refresh_ttl=settings.refresh_token_ttl_seconds,
    )


def login_address(request: Request) -> str:
    settings = request.app.state.runtime.settings
    assert isinstance(settings, Settings)
    return client_address(request, settings.trusted_proxies)


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Keys = Annotated[KeyRing, Depends(key_ring)]
Policy = Annotated[TokenPolicy, Depends(token_policy)]
