import asyncio
import unittest

from db import ProfileDB
from service import ProfileService
from tests.support import Gate, finish, until


class ProfileTest(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.db = ProfileDB({"u1": {"display_name": "Ada"}, "u2": {"display_name": "Grace"}})
        self.service = ProfileService(self.db)

    async def test_a_profile_is_read_once_then_cached(self):
        self.assertEqual((await self.service.get_profile("u1"))["display_name"], "Ada")
        self.assertEqual((await self.service.get_profile("u1"))["display_name"], "Ada")
        self.assertEqual(self.db.reads, 1)

    async def test_a_rename_is_visible_at_once(self):
        await self.service.get_profile("u1")
        await self.service.rename("u1", "  Ada L. ")
        self.assertEqual((await self.service.get_profile("u1"))["display_name"], "Ada L.")

    async def test_concurrent_misses_share_one_read(self):
        gate = Gate()
        self.db.round_trip = gate
        readers = [asyncio.create_task(self.service.get_profile("u2")) for _ in range(5)]
        await until(lambda: gate.waiting == 1)
        gate.opened.set()
        profiles = await finish(*readers)
        self.assertEqual({p["display_name"] for p in profiles}, {"Grace"})
        self.assertEqual(self.db.reads, 1)

    async def test_a_rename_during_a_slow_read_is_not_lost(self):
        gate = Gate()
        self.db.round_trip = gate
        reader = asyncio.create_task(self.service.get_profile("u1"))
        await until(lambda: gate.waiting == 1)  # the read has its snapshot and is on the wire
        self.db.round_trip = None
        await self.service.rename("u1", "Ada Lovelace")
        gate.opened.set()
        await finish(reader)
        profile = await self.service.get_profile("u1")
        self.assertEqual(profile["display_name"], "Ada Lovelace")


if __name__ == "__main__":
    unittest.main()
