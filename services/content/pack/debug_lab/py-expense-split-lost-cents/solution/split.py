"""Splitting one shared expense between the people who took part in it."""

from money import to_cents


def allocate(total_cents: int, weights: list[int]) -> list[int]:
    """Share `total_cents` in proportion to `weights`, one share per weight.

    The shares are whole cents and always add up to exactly `total_cents`;
    each share is within one cent of its exact proportional value.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    whole = sum(weights)
    # Exact integer arithmetic: everyone gets the floor of their exact share...
    shares = [total_cents * weight // whole for weight in weights]
    remainders = [total_cents * weight % whole for weight in weights]
    # ...and the cents left over go, one each, to the largest remainders (ties: earlier person).
    leftover = total_cents - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        shares[i] += 1
    return shares


def split_evenly(amount: str, people: list[str]) -> dict[str, int]:
    """Everyone pays the same share of `amount`, in cents."""
    shares = allocate(to_cents(amount), [1] * len(people))
    return dict(zip(people, shares))


def split_by_weight(amount: str, weights: dict[str, int]) -> dict[str, int]:
    """Shares of `amount` in proportion to each person's weight (nights stayed, seats...)."""
    names = list(weights)
    shares = allocate(to_cents(amount), [weights[name] for name in names])
    return dict(zip(names, shares))
