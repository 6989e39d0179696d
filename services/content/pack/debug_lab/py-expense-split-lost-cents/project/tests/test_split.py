import unittest

from ledger import Ledger
from money import format_cents, to_cents
from split import allocate, split_evenly


class MoneyTest(unittest.TestCase):
    def test_amounts_round_trip_through_cents(self):
        self.assertEqual(to_cents("12.34"), 1234)
        self.assertEqual(to_cents("0.005"), 1)
        self.assertEqual(format_cents(1234), "12.34")
        self.assertEqual(format_cents(-5), "-0.05")


class SplitTest(unittest.TestCase):
    def test_an_amount_that_divides_evenly(self):
        shares = split_evenly("30.00", ["ana", "ben", "cai"])
        self.assertEqual(shares, {"ana": 1000, "ben": 1000, "cai": 1000})

    def test_shares_add_up_to_the_receipt(self):
        shares = split_evenly("10.00", ["ana", "ben", "cai"])
        self.assertEqual(sum(shares.values()), 1000)

    def test_shares_differ_by_at_most_one_cent(self):
        shares = allocate(1000, [1, 1, 1])
        self.assertLessEqual(max(shares) - min(shares), 1)

    def test_weights_must_not_all_be_zero(self):
        with self.assertRaises(ValueError):
            allocate(100, [0, 0])


class LedgerTest(unittest.TestCase):
    def test_a_round_dinner_settles(self):
        ledger = Ledger()
        ledger.add_expense("ana", "36.00", ["ana", "ben", "cai"])
        self.assertEqual(ledger.settle(), [("ben", "ana", "12.00"), ("cai", "ana", "12.00")])

    def test_a_dinner_that_does_not_divide_evenly_settles(self):
        ledger = Ledger()
        ledger.add_expense("ana", "10.00", ["ana", "ben", "cai"])
        transfers = ledger.settle()
        self.assertEqual({payer for payer, _, _ in transfers}, {"ben", "cai"})
        self.assertTrue(all(receiver == "ana" for _, receiver, _ in transfers))

if __name__ == "__main__":
    unittest.main()
