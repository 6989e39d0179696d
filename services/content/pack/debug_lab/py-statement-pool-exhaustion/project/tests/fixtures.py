def sample_database() -> dict:
    return {
        "customers": {
            "c-1": {"name": "Acme Tools"},
            "c-2": {"name": "Birch & Daughters"},
            "c-3": {"name": "Cobalt Labs"},
        },
        "invoices": [
            {"customer_id": "c-1", "number": "INV-101", "amount_cents": 12000, "paid": False},
            {"customer_id": "c-1", "number": "INV-102", "amount_cents": 4550, "paid": False},
            {"customer_id": "c-1", "number": "INV-090", "amount_cents": 9900, "paid": True},
            {"customer_id": "c-2", "number": "INV-103", "amount_cents": 700, "paid": True},
        ],
    }
