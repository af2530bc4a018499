"""The catalogue: everyone signed in browses the customizable products; admins add, change and
retire them."""

from __future__ import annotations

from typing import Any

from ..domain import catalogue
from ..domain.actors import Actor
from ..domain.commands import CreateProduct, UpdateProduct
from ..domain.records import Page, PageRequest
from ..errors import AppError, ErrorCode, forbidden, not_found
from .ports import ProductStore

Product = dict[str, Any]


class CatalogueService:
    """Products: listed and read by anyone signed in, written by admins."""

    def __init__(self, store: ProductStore) -> None:
        self._store = store

    def list_products(self, actor: Actor, include_retired: bool, page: PageRequest) -> Page:
        """Customizable products by name; admins may ask for the retired ones too."""
        if include_retired and not actor.is_admin:
            raise forbidden("Only admins list retired products")
        found = self._store.list_products(not include_retired, page)
        return Page([catalogue.shown(p) for p in found.items], found.next_cursor)

    def get(self, _actor: Actor, product_id: str) -> Product:
        """One product, retired or not (requests made from it link to it)."""
        found = self._store.product(product_id, fresh=True)
        if found is None:
            raise not_found("Product")
        return catalogue.shown(found)

    def create(self, actor: Actor, command: CreateProduct) -> Product:
        """A new product (409 when the id asked for is taken)."""
        _admin_only(actor)
        product_id = command.product_id or self._store.new_product_id()
        doc = catalogue.new_product(command)
        if not self._store.create_product(product_id, doc):
            raise AppError(ErrorCode.CONFLICT, f"A product with id '{product_id}' exists already")
        return catalogue.shown({**doc, "id": product_id})

    def update(self, actor: Actor, product_id: str, command: UpdateProduct) -> Product:
        """Change a product; `customizable=False` retires it."""
        _admin_only(actor)
        fields, remove = catalogue.product_changes(command)
        updated = self._store.update_product(product_id, fields, remove)
        if updated is None:
            raise not_found("Product")
        return catalogue.shown(updated)


def _admin_only(actor: Actor) -> None:
    if not actor.is_admin:
        raise forbidden("Only admins change the catalogue")
