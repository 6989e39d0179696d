"""The nightly catalog import: the supplier feed (CSV) into the search index."""

import csv
import io

from index import Product, SearchIndex


def import_feed(index: SearchIndex, feed: str) -> dict[str, int]:
    """Apply the feed row by row: `upsert` adds or replaces a product, `delete` removes it."""
    counts = {"upserted": 0, "deleted": 0, "skipped": 0}
    for row in csv.DictReader(io.StringIO(feed)):
        action = (row.get("action") or "upsert").strip()
        if not row.get("id"):
            counts["skipped"] += 1
        elif action == "delete":
            index.remove(row["id"])
            counts["deleted"] += 1
        else:
            index.add(Product(row["id"], row["name"], row.get("brand") or ""))
            counts["upserted"] += 1
    return counts
