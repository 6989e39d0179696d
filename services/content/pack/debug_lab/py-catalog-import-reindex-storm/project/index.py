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

    def __len__(self) -> int:
        return len(self._products)

    def add(self, product: Product) -> None:
        """Index a product, replacing any earlier version with the same id."""
        self._products[product.id] = product
        self._rebuild()

    def remove(self, product_id: str) -> None:
        self._products.pop(product_id, None)
        self._rebuild()

    def _rebuild(self) -> None:
        postings: dict[str, set[str]] = {}
        for product in self._products.values():
            for term in self._tokenizer.tokens(product.searchable_text()):
                postings.setdefault(term, set()).add(product.id)
        self._postings = postings

    def search(self, query: str) -> list[str]:
        """Ids of the products whose text contains every term of the query, sorted."""
        terms = self._tokenizer.tokens(query)
        if not terms:
            return []
        matches = set.intersection(*(self._postings.get(term, set()) for term in terms))
        return sorted(matches)
