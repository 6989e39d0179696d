"""Profiles as the API serves them: reads through the cache, writes then invalidates."""

from cache import ReadThroughCache
from db import ProfileDB


class ProfileService:
    def __init__(self, db: ProfileDB) -> None:
        self._db = db
        self.cache = ReadThroughCache(db.read)

    async def get_profile(self, user_id: str) -> dict:
        return dict(await self.cache.get(user_id))

    async def rename(self, user_id: str, display_name: str) -> None:
        name = display_name.strip()
        if not name:
            raise ValueError("display name must not be blank")
        await self._db.update(user_id, display_name=name)
        self.cache.invalidate(user_id)
