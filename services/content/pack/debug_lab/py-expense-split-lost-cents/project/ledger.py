"""A group's running balances and the transfers that settle them."""

from money import format_cents, to_cents
from split import split_by_weight, split_evenly


class LedgerError(Exception):
    """The ledger cannot be settled as it stands."""


class Ledger:
    def __init__(self) -> None:
        self.balances: dict[str, int] = {}  # cents; positive: the group owes this person

    def add_expense(self, payer: str, amount: str, people: list[str]) -> dict[str, int]:
        return self._record(payer, amount, split_evenly(amount, people))

    def add_weighted_expense(
        self, payer: str, amount: str, weights: dict[str, int]
    ) -> dict[str, int]:
        return self._record(payer, amount, split_by_weight(amount, weights))

    def _record(self, payer: str, amount: str, shares: dict[str, int]) -> dict[str, int]:
        self._move(payer, to_cents(amount))  # the payer paid the whole receipt
        for name, cents in shares.items():
            self._move(name, -cents)
        return shares

    def _move(self, name: str, cents: int) -> None:
        self.balances[name] = self.balances.get(name, 0) + cents

    def settle(self) -> list[tuple[str, str, str]]:
        """Transfers (from, to, amount) that bring every balance back to zero."""
        drift = sum(self.balances.values())
        if drift != 0:
            raise LedgerError(f"ledger out of balance by {format_cents(drift)}")
        debtors = sorted([c, n] for n, c in self.balances.items() if c < 0)
        creditors = sorted(([c, n] for n, c in self.balances.items() if c > 0), reverse=True)
        transfers = []
        while debtors and creditors:
            debtor, creditor = debtors[0], creditors[0]
            cents = min(-debtor[0], creditor[0])
            transfers.append((debtor[1], creditor[1], format_cents(cents)))
            debtor[0] += cents
            creditor[0] -= cents
            if debtor[0] == 0:
                debtors.pop(0)
            if creditor[0] == 0:
                creditors.pop(0)
        return transfers
