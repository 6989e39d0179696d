import logging
import unittest

from handlers import get_statement
from pool import Pool
from tests.fixtures import sample_database

logging.disable(logging.CRITICAL)


class HiddenStatementTest(unittest.TestCase):
    def setUp(self):
        self.database = sample_database()
        self.pool = Pool(self.database, size=2)

    def test_a_customer_with_nothing_due_gives_its_connection_back(self):
        status, body = get_statement(self.pool, "c-2")
        self.assertEqual((status, body["balance_cents"], body["lines"]), (200, 0, []))
        self.assertEqual(self.pool.in_use, 0)

    def test_a_customer_without_invoices_gives_its_connection_back(self):
        self.assertEqual(get_statement(self.pool, "c-3")[0], 200)
        self.assertEqual(self.pool.in_use, 0)

    def test_a_database_timeout_gives_its_connection_back(self):
        self.database["down"] = True
        for _ in range(5):
            self.assertEqual(get_statement(self.pool, "c-1")[0], 503)
        self.database["down"] = False
        self.assertEqual(self.pool.in_use, 0)
        self.assertEqual(get_statement(self.pool, "c-1")[0], 200)

    def test_every_path_in_a_long_mixed_run(self):
        for customer in ["c-1", "c-2", "c-404", "c-3"] * 25:
            self.assertNotEqual(get_statement(self.pool, customer)[0], 503, customer)
        self.assertEqual(self.pool.in_use, 0)


if __name__ == "__main__":
    unittest.main()
