"""ProductStore's contract: what it stores, what it refuses, how it orders and pages. Run on the
fake (tests/unit/contracts) and on Firestore (tests/emulator/contracts)."""

from __future__ import annotations

from customizations.domain.records import PageRequest

from .tiers import Stores


def test_a_created_product_is_read_back_and_a_taken_id_is_refused(stores: Stores):
    assert stores.products.create_product("mug", {"name": "Mug", "isCustomizable": True})

    assert not stores.products.create_product("mug", {"name": "Other"})
    assert stores.products.product("mug") == {"name": "Mug", "isCustomizable": True, "id": "mug"}
    assert stores.requests.product("mug") == {"name": "Mug", "isCustomizable": True, "id": "mug"}
    assert stores.products.product("cup") is None
    assert stores.products.new_product_id() != stores.products.new_product_id()


def test_an_update_sets_and_removes_fields_of_a_product_that_exists(stores: Stores):
    stores.products.create_product("mug", {"name": "Mug", "isCustomizable": True, "note": "x"})

    updated = stores.products.update_product("mug", {"name": "Big mug"}, ["note"])
    assert updated == {"name": "Big mug", "isCustomizable": True, "id": "mug"}
    assert stores.products.product("mug") == updated
    assert stores.products.update_product("mug", {}, []) == updated
    assert stores.products.update_product("cup", {"name": "Cup"}, []) is None
    assert stores.products.product("cup") is None


def test_products_come_by_name_then_id_a_page_at_a_time(stores: Stores):
    for product_id, name, customizable in (
        ("p3", "Bag", True),
        ("p1", "Mug", True),
        ("p2", "Bag", False),
        ("p4", "Cap", True),
    ):
        stores.products.create_product(product_id, {"name": name, "isCustomizable": customizable})

    first = stores.products.list_products(False, PageRequest(limit=3))
    assert [p["id"] for p in first.items] == ["p2", "p3", "p4"] and first.next_cursor is not None
    rest = stores.products.list_products(False, PageRequest(3, first.next_cursor))
    assert [p["id"] for p in rest.items] == ["p1"] and rest.next_cursor is None
    only = stores.products.list_products(True, PageRequest(limit=10))
    assert [p["id"] for p in only.items] == ["p3", "p4", "p1"]
