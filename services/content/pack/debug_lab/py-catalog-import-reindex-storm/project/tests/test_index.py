import unittest

from catalog_import import import_feed
from index import Product, SearchIndex
from text import Tokenizer


def feed(rows):
    return "action,id,name,brand\n" + "".join(f"{a},{i},{n},{b}\n" for a, i, n, b in rows)


class SearchTest(unittest.TestCase):
    def setUp(self):
        self.tokenizer = Tokenizer()
        self.index = SearchIndex(self.tokenizer)
        self.index.add(Product("p1", "Trail Running Shoe", "Northfell"))
        self.index.add(Product("p2", "Road Running Shoe", "Kestrel"))
        self.index.add(Product("p3", "Wool Hiking Sock", "Northfell"))

    def test_every_term_must_match(self):
        self.assertEqual(self.index.search("running shoe"), ["p1", "p2"])
        self.assertEqual(self.index.search("northfell shoe"), ["p1"])

    def test_case_and_stopwords_are_ignored(self):
        self.assertEqual(self.index.search("The HIKING sock"), ["p3"])
        self.assertEqual(self.index.search("the and of"), [])

    def test_unknown_terms_match_nothing(self):
        self.assertEqual(self.index.search("kayak"), [])


class ImportTest(unittest.TestCase):
    def test_an_import_is_searchable(self):
        index = SearchIndex(Tokenizer())
        rows = [("upsert", "a1", "Red Kettle", "Hob"), ("", "a2", "Blue Kettle", "Hob")]
        counts = import_feed(index, feed(rows))
        self.assertEqual(counts, {"upserted": 2, "deleted": 0, "skipped": 0})
        self.assertEqual(index.search("kettle"), ["a1", "a2"])

    def test_importing_n_products_tokenizes_each_of_them_once(self):
        tokenizer = Tokenizer()
        index = SearchIndex(tokenizer)
        rows = [("upsert", f"sku-{n}", f"Widget {n}", "Acme") for n in range(300)]
        import_feed(index, feed(rows))
        self.assertEqual(len(index), 300)
        self.assertLessEqual(tokenizer.calls, 300, "the import does more work than it has rows")


if __name__ == "__main__":
    unittest.main()
