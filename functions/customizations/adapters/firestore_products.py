"""The catalogue in Firestore (`products/{id}`): the services' ProductStore."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore

from ..domain.records import Page, PageRequest, is_document_id
from .live import LiveReads
from .queries import ALL_PRODUCTS, CUSTOMIZABLE_PRODUCTS, PRODUCTS, page_of, with_id


class FirestoreProducts:
    """Products read and written for the catalogue API. Requests read products through
    FirestoreRequests (listener-held copies); a write here tells those copies on this instance to
    wait for it, so that the admin's next create sees what they just wrote."""

    def __init__(self, db: firestore.Client, live: LiveReads | None = None) -> None:
        self._db = db
        self._live = live

    def _ref(self, product_id: str) -> Any:
        return self._db.collection(PRODUCTS).document(product_id)

    def product(self, product_id: str, fresh: bool = False) -> dict[str, Any] | None:
        """The product with this id, or None (always read from Firestore)."""
        if not is_document_id(product_id):
            return None
        snapshot = self._ref(product_id).get()
        return with_id(snapshot) if snapshot.exists else None

    def new_product_id(self) -> str:
        """A fresh, random document id for a product."""
        return str(self._db.collection(PRODUCTS).document().id)

    def list_products(self, customizable_only: bool, page: PageRequest) -> Page:
        """Products by name, ties by id: the customizable ones, or all."""
        if customizable_only:
            return page_of(self._db, CUSTOMIZABLE_PRODUCTS, [True], page)
        return page_of(self._db, ALL_PRODUCTS, [], page)

    def create_product(self, product_id: str, data: dict[str, Any]) -> bool:
        """Write a new product; False if the id is taken."""
        try:
            written = self._ref(product_id).create(data)
        except gexc.AlreadyExists:
            return False
        self._wrote(product_id, written.update_time)
        return True

    def update_product(
        self, product_id: str, fields: dict[str, Any], remove: Sequence[str]
    ) -> dict[str, Any] | None:
        """Set and remove fields of an existing product; the product now, or None if there is none."""
        changes: dict[str, Any] = {**fields, **dict.fromkeys(remove, firestore.DELETE_FIELD)}
        ref = self._ref(product_id)
        try:
            written = ref.update(changes) if changes else None
        except gexc.NotFound:
            return None
        if written is not None:
            self._wrote(product_id, written.update_time)
        snapshot = ref.get()
        return with_id(snapshot) if snapshot.exists else None

    def _wrote(self, product_id: str, update_time: Any) -> None:
        if self._live is not None and self._live.products is not None:
            self._live.products.wrote(product_id, update_time)
