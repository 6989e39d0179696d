import logging
import unittest

from handlers import get_statement
from pool import Pool
from tests.fixtures import sample_database

logging.disable(logging.CRITICAL)


class StatementTest(unittest.TestCase):
    def setUp(self):
        self.pool = Pool(sample_database(), size=3)

    def test_a_statement_lists_open_invoices(self):
        status, body = get_statement(self.pool, "c-1")
        self.assertEqual(status, 200)
        self.assertEqual([line["invoice"] for line in body["lines"]], ["INV-101", "INV-102"])
        self.assertEqual(body["balance_cents"], 16550)
        self.assertEqual(self.pool.in_use, 0)

    def test_an_unknown_customer_is_a_404(self):
        status, _ = get_statement(self.pool, "c-404")
        self.assertEqual(status, 404)

    def test_a_404_gives_its_connection_back(self):
        get_statement(self.pool, "c-404")
        self.assertEqual(self.pool.in_use, 0)

    def test_a_burst_of_404s_does_not_take_the_service_down(self):
        for _ in range(10):
            self.assertEqual(get_statement(self.pool, "c-404")[0], 404)
        status, body = get_statement(self.pool, "c-1")
        self.assertEqual(status, 200, body)


if __name__ == "__main__":
    unittest.main()
