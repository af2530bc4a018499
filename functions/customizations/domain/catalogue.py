"""Products as the catalogue stores and shows them: `name`, `imageUrl` (optional) and
`isCustomizable` (absent counts as customizable; the API always writes it, and lists the products
where it is true)."""

from __future__ import annotations

from typing import Any

from .commands import CreateProduct, UpdateProduct

IMAGE_URL = "imageUrl"


def new_product(command: CreateProduct) -> dict[str, Any]:
    """The document a new product is stored as."""
    doc: dict[str, Any] = {"name": command.name, "isCustomizable": command.customizable}
    if command.image_url is not None:
        doc[IMAGE_URL] = command.image_url
    return doc


def product_changes(command: UpdateProduct) -> tuple[dict[str, Any], list[str]]:
    """The fields an update sets, and those it removes."""
    fields: dict[str, Any] = {}
    if command.name is not None:
        fields["name"] = command.name
    if command.image_url is not None:
        fields[IMAGE_URL] = command.image_url
    if command.customizable is not None:
        fields["isCustomizable"] = command.customizable
    return fields, [IMAGE_URL] if command.clear_image else []


def shown(product: dict[str, Any]) -> dict[str, Any]:
    """A stored product as clients see it."""
    return {
        "id": product["id"],
        "name": product.get("name", ""),
        "imageUrl": product.get(IMAGE_URL),
        "isCustomizable": product.get("isCustomizable") is not False,
    }
