"""GET /customers/<id>/statement, as the web layer calls it."""

import logging

from pool import NotFound, Pool, PoolExhausted
from statements import build_statement

log = logging.getLogger("statements")


def get_statement(pool: Pool, customer_id: str) -> tuple[int, dict]:
    try:
        statement = build_statement(pool, customer_id)
    except NotFound:
        log.info("statement customer=%s status=404", customer_id)
        return 404, {"error": "customer not found"}
    except (PoolExhausted, TimeoutError) as error:
        log.error("statement customer=%s status=503 error=%r", customer_id, error)
        return 503, {"error": "try again later"}
    body = {
        "customer": statement.customer,
        "lines": [{"invoice": n, "amount_cents": c} for n, c in statement.lines],
        "balance_cents": statement.balance_cents,
    }
    return 200, body
