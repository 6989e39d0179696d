"""Monthly account statements: one customer, their open invoices, the balance due."""

from dataclasses import dataclass

from pool import Pool


@dataclass
class Statement:
    customer: str
    lines: list[tuple[str, int]]
    balance_cents: int


def build_statement(pool: Pool, customer_id: str) -> Statement:
    conn = pool.acquire()
    customer = conn.fetch_customer(customer_id)
    invoices = [row for row in conn.fetch_invoices(customer_id) if not row["paid"]]
    if not invoices:
        return Statement(customer["name"], [], 0)
    lines = [(row["number"], row["amount_cents"]) for row in invoices]
    pool.release(conn)
    return Statement(customer["name"], lines, sum(cents for _, cents in lines))
