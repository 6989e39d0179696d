"""Dependencies of evaluation's routes."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends

from servicekit.db import UnitOfWork
from servicekit.runtime import RuntimeDep


async def unit_of_work(runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    async with runtime.unit_of_work() as uow:
        yield uow


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
