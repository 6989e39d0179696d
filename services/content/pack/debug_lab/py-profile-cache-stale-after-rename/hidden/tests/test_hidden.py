import asyncio
import unittest

from db import ProfileDB
from service import ProfileService
from tests.support import Gate, finish, settle, until


class HiddenProfileTest(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.db = ProfileDB({"u1": {"display_name": "Ada"}, "u2": {"display_name": "Grace"}})
        self.service = ProfileService(self.db)

    async def test_a_reader_arriving_after_a_rename_sees_the_new_name(self):
        gate = Gate()
        self.db.round_trip = gate
        early = asyncio.create_task(self.service.get_profile("u1"))
        await until(lambda: gate.waiting == 1)
        self.db.round_trip = None
        await self.service.rename("u1", "Ada Lovelace")
        late = asyncio.create_task(self.service.get_profile("u1"))
        await settle()
        gate.opened.set()
        await finish(early, late)
        self.assertEqual(late.result()["display_name"], "Ada Lovelace")

    async def test_two_renames_racing_two_reads(self):
        gate = Gate()
        self.db.round_trip = gate
        first = asyncio.create_task(self.service.get_profile("u1"))
        await until(lambda: gate.waiting == 1)
        self.db.round_trip = None
        await self.service.rename("u1", "A. Lovelace")
        self.db.round_trip = gate
        second = asyncio.create_task(self.service.get_profile("u1"))
        await settle()
        self.db.round_trip = None
        await self.service.rename("u1", "Ada, Countess of Lovelace")
        gate.opened.set()
        await finish(first, second)
        for _ in range(3):
            profile = await self.service.get_profile("u1")
            self.assertEqual(profile["display_name"], "Ada, Countess of Lovelace")

    async def test_a_failed_read_is_shared_and_not_cached(self):
        gate = Gate()
        self.db.round_trip = gate
        readers = [asyncio.create_task(self.service.get_profile("u9")) for _ in range(3)]
        await until(lambda: self.db.reads == 1)
        gate.opened.set()
        results = await asyncio.wait_for(asyncio.gather(*readers, return_exceptions=True), 1)
        self.assertTrue(all(isinstance(r, KeyError) for r in results), results)
        self.assertEqual(self.db.reads, 1)
        self.db.round_trip = None
        await self.db.create("u9", display_name="Hopper")
        self.assertEqual((await self.service.get_profile("u9"))["display_name"], "Hopper")

    async def test_other_users_stay_cached(self):
        await self.service.get_profile("u1")
        await self.service.get_profile("u2")
        await self.service.rename("u2", "Grace H.")
        await self.service.get_profile("u1")
        self.assertEqual((await self.service.get_profile("u2"))["display_name"], "Grace H.")
        self.assertEqual(self.db.reads, 3)


if __name__ == "__main__":
    unittest.main()
