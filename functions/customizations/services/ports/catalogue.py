"""The catalogue of products."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ...domain.records import Page, PageRequest
from .basics import Document


class ProductReader(Protocol):
    """One product, as a request is made from it."""

    def product(self, product_id: str, fresh: bool = False) -> Document | None:
        """The product (with `id`), or None."""
        ...


class ProductStore(ProductReader, Protocol):
    """The catalogue: products by id, a page at a time by name, and an admin's writes."""

    def new_product_id(self) -> str:
        """A fresh, random product id."""
        ...

    def list_products(self, customizable_only: bool, page: PageRequest) -> Page:
        """Products by name (ties by id): those whose isCustomizable is true, or all of them."""
        ...

    def create_product(self, product_id: str, data: Document) -> bool:
        """Write a new product; False if the id is taken."""
        ...

    def update_product(self, product_id: str, fields: Document, remove: Sequence[str]) -> Document | None:
        """Set some fields of a product and remove others; the product as it is now, or None if
        there is no such product."""
        ...
