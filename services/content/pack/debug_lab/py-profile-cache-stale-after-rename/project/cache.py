"""A read-through cache with single-flight loading, in front of the profiles table."""

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any


class ReadThroughCache:
    """Caches what `loader` returns; concurrent misses for one key share a single load.

    Writers call `invalidate(key)` after every write to the store: from then on
    `get(key)` must not return what the store held before that write.
    """

    def __init__(self, loader: Callable[[Any], Awaitable[Any]]) -> None:
        self._loader = loader
        self._values: dict[Hashable, Any] = {}
        self._loading: dict[Hashable, asyncio.Future] = {}
        self.loads = 0

    async def get(self, key: Hashable) -> Any:
        if key in self._values:
            return self._values[key]
        if key in self._loading:
            return await asyncio.shield(self._loading[key])
        future = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        self.loads += 1
        try:
            value = await self._loader(key)
        except Exception as error:
            future.set_exception(error)
            future.exception()  # marked as retrieved: the waiters re-raise it
            raise
        finally:
            del self._loading[key]
        self._values[key] = value
        future.set_result(value)
        return value

    def invalidate(self, key: Hashable) -> None:
        self._values.pop(key, None)
