"""Money as integer cents: the API sends amounts as strings, we never use floats for totals."""

from decimal import ROUND_HALF_UP, Decimal


def to_cents(amount: str) -> int:
    """'12.34' -> 1234; more than two decimals are rounded half up."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value * 100)


def format_cents(cents: int) -> str:
    """1234 -> '12.34', -5 -> '-0.05'."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"
