import unittest

from catalog_import import import_feed
from index import Product, SearchIndex
from text import Tokenizer


def feed(rows):
    return "action,id,name,brand\n" + "".join(f"{a},{i},{n},{b}\n" for a, i, n, b in rows)


class HiddenIndexTest(unittest.TestCase):
    def setUp(self):
        self.tokenizer = Tokenizer()
        self.index = SearchIndex(self.tokenizer)

    def test_a_renamed_product_is_found_only_by_its_new_name(self):
        self.index.add(Product("p1", "Canvas Tote", "Linden"))
        self.index.add(Product("p2", "Canvas Backpack", "Linden"))
        self.index.add(Product("p1", "Leather Tote", "Linden"))
        self.assertEqual(self.index.search("leather"), ["p1"])
        self.assertEqual(self.index.search("canvas"), ["p2"])
        self.assertEqual(self.index.search("linden tote"), ["p1"])
        self.assertEqual(len(self.index), 2)

    def test_a_removed_product_is_gone(self):
        self.index.add(Product("p1", "Desk Lamp", "Orla"))
        self.index.add(Product("p2", "Floor Lamp", "Orla"))
        self.index.remove("p1")
        self.index.remove("never-there")
        self.assertEqual(self.index.search("lamp"), ["p2"])
        self.assertEqual(self.index.search("desk"), [])
        self.assertEqual(len(self.index), 1)

    def test_removing_the_last_product_of_a_term(self):
        self.index.add(Product("p1", "Desk Lamp", "Orla"))
        self.index.remove("p1")
        self.assertEqual(self.index.search("orla"), [])

    def test_a_feed_with_updates_and_deletes_costs_linear_work(self):
        rows = [("upsert", f"sku-{n}", f"Gadget {n}", "Volt") for n in range(200)]
        rows += [("upsert", f"sku-{n}", f"Gizmo {n}", "Volt") for n in range(0, 200, 4)]
        rows += [("delete", f"sku-{n}", "", "") for n in range(1, 200, 4)]
        rows += [("upsert", "", "No Id", "")]
        counts = import_feed(self.index, feed(rows))
        self.assertEqual(counts, {"upserted": 250, "deleted": 50, "skipped": 1})
        self.assertLessEqual(self.tokenizer.calls, 2 * len(rows))
        self.assertEqual(len(self.index), 150)
        self.assertEqual(self.index.search("gizmo 8"), ["sku-8"])
        self.assertEqual(self.index.search("gadget 8"), [])
        self.assertEqual(self.index.search("gadget 9"), [])
        self.assertEqual(self.index.search("gadget 10"), ["sku-10"])


if __name__ == "__main__":
    unittest.main()
