import unittest
from fractions import Fraction

from ledger import Ledger
from money import to_cents
from split import allocate, split_by_weight, split_evenly


class HiddenAllocationTest(unittest.TestCase):
    def assert_fair(self, total, weights):
        shares = allocate(total, weights)
        self.assertEqual(len(shares), len(weights))
        self.assertEqual(sum(shares), total, f"allocate({total}, {weights}) -> {shares}")
        whole = sum(weights)
        for share, weight in zip(shares, weights):
            exact = Fraction(total * weight, whole)
            self.assertLess(abs(share - exact), 1, f"share {share} is far from {exact}")

    def test_every_split_adds_up(self):
        wrong = []
        for total in (1, 2, 5, 100, 999, 1000, 10001, 123457):
            for weights in ([1, 1, 1], [1] * 7, [2, 1], [3, 3, 1], [1, 0, 1], [5, 7, 11, 13]):
                shares = allocate(total, weights)
                if sum(shares) != total:
                    wrong.append(f"allocate({total}, {weights}) -> {shares}")
        self.assertEqual(wrong, [], "shares that do not add up to the total")

    def test_every_share_is_within_a_cent_of_exact(self):
        for total, weights in ((1000, [1, 1, 1]), (10001, [5, 7, 11, 13]), (7, [1] * 7)):
            self.assert_fair(total, weights)

    def test_rounding_up_must_not_invent_cents(self):
        shares = split_evenly("0.02", ["ana", "ben", "cai"])
        self.assertEqual(sum(shares.values()), 2)

    def test_weighted_split_of_a_cabin(self):
        shares = split_by_weight("100.00", {"ana": 1, "ben": 1, "cai": 1})
        self.assertEqual(sum(shares.values()), 10000)
        self.assertEqual(sorted(shares.values()), [3333, 3333, 3334])

    def test_a_refund_is_split_too(self):
        self.assert_fair(-1000, [1, 1, 1])


class HiddenLedgerTest(unittest.TestCase):
    def test_a_weekend_of_odd_receipts_settles_to_zero(self):
        ledger = Ledger()
        ledger.add_expense("ana", "47.39", ["ana", "ben", "cai"])
        ledger.add_expense("ben", "12.01", ["ana", "ben", "cai", "dee"])
        ledger.add_weighted_expense("cai", "333.33", {"ana": 2, "ben": 2, "cai": 1, "dee": 2})
        ledger.add_expense("dee", "0.10", ["ben", "cai", "dee"])
        balances = dict(ledger.balances)
        for payer, receiver, amount in ledger.settle():
            balances[payer] += to_cents(amount)
            balances[receiver] -= to_cents(amount)
        self.assertEqual(set(balances.values()), {0})


if __name__ == "__main__":
    unittest.main()
