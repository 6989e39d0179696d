"""A small connection pool over the accounts database (a fake of it, for this service's tests)."""

from contextlib import contextmanager


class PoolExhausted(Exception):
    """Every connection is checked out; real deployments time out here after 30 s."""


class NotFound(Exception):
    pass


class Connection:
    def __init__(self, database: dict, number: int) -> None:
        self._database = database
        self.number = number

    def fetch_customer(self, customer_id: str) -> dict:
        if self._database.get("down"):
            raise TimeoutError("canceling statement due to statement timeout")
        try:
            return dict(self._database["customers"][customer_id])
        except KeyError:
            raise NotFound(f"no customer {customer_id}") from None

    def fetch_invoices(self, customer_id: str) -> list[dict]:
        invoices = self._database["invoices"]
        return [dict(row) for row in invoices if row["customer_id"] == customer_id]


class Pool:
    def __init__(self, database: dict, size: int = 4) -> None:
        self._free = [Connection(database, n) for n in range(size)]
        self._in_use: set[int] = set()

    @property
    def in_use(self) -> int:
        return len(self._in_use)

    def acquire(self) -> Connection:
        if not self._free:
            raise PoolExhausted(f"all {len(self._in_use)} connections are checked out")
        connection = self._free.pop()
        self._in_use.add(connection.number)
        return connection

    def release(self, connection: Connection) -> None:
        if connection.number not in self._in_use:
            raise RuntimeError(f"connection {connection.number} released twice")
        self._in_use.remove(connection.number)
        self._free.append(connection)

    @contextmanager
    def connection(self):
        """`with pool.connection() as conn:` returns the connection however the block ends."""
        connection = self.acquire()
        try:
            yield connection
        finally:
            self.release(connection)
