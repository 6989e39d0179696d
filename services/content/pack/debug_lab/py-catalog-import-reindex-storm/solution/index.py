"""The in-memory product search index behind the storefront's search box."""

from dataclasses import dataclass

from text import Tokenizer


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    brand: str = ""

    def searchable_text(self) -> str:
        return f"{self.name} {self.brand}"


class SearchIndex:
    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._products: dict[str, Product] = {}
        self._postings: dict[str, set[str]] = {}  # term -> ids of the products that contain it
        self._terms: dict[str, set[str]] = {}  # id -> the terms it was indexed under

    def __len__(self) -> int:
        return len(self._products)

    def add(self, product: Product) -> None:
        """Index a product, replacing any earlier version with the same id."""
        self.remove(product.id)  # an update must not leave the old name's terms behind
        terms = self._tokenizer.tokens(product.searchable_text())
        self._products[product.id] = product
        self._terms[product.id] = terms
        for term in terms:
            self._postings.setdefault(term, set()).add(product.id)

    def remove(self, product_id: str) -> None:
        if self._products.pop(product_id, None) is None:
            return
        for term in self._terms.pop(product_id):
            ids = self._postings[term]
            ids.discard(product_id)
            if not ids:
                del self._postings[term]

    def search(self, query: str) -> list[str]:
        """Ids of the products whose text contains every term of the query, sorted."""
        terms = self._tokenizer.tokens(query)
        if not terms:
            return []
        matches = set.intersection(*(self._postings.get(term, set()) for term in terms))
        return sorted(matches)
