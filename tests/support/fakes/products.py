"""ProductStore on a World."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from customizations.domain.records import Page, PageRequest

from tests.support.fakes.world import Doc, World, page_of


class FakeProducts:
    """ProductStore on the world's products (the ones FakeRequests reads when a request is made)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._ids = itertools.count(1)

    def product(self, product_id: str, fresh: bool = False) -> Doc | None:
        found = self.world.products.get(product_id)
        return None if found is None else {**found, "id": product_id}

    def new_product_id(self) -> str:
        return f"product-{next(self._ids)}"

    def list_products(self, customizable_only: bool, page: PageRequest) -> Page:
        items = [
            {**doc, "id": pid}
            for pid, doc in self.world.products.items()
            if not customizable_only or doc.get("isCustomizable") is True
        ]
        return page_of(items, "name", False, page)

    def create_product(self, product_id: str, data: Doc) -> bool:
        if product_id in self.world.products:
            return False
        self.world.products[product_id] = dict(data)
        return True

    def update_product(self, product_id: str, fields: Doc, remove: Sequence[str]) -> Doc | None:
        found = self.world.products.get(product_id)
        if found is None:
            return None
        found.update(fields)
        for name in remove:
            found.pop(name, None)
        return {**found, "id": product_id}
