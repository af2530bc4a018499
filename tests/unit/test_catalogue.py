"""The catalogue on in-memory stores and through the API's routes: everyone signed in lists the
customizable products by name, a page at a time; admins add, change and retire them; a retired
product refuses new requests while the requests made from it keep their copy."""

import pytest
from customizations.api.app import create_app
from customizations.domain.actors import Actor
from customizations.domain.commands import CreateProduct, CreateRequest, UpdateProduct
from customizations.domain.lifecycle import Role
from customizations.domain.records import PageRequest
from customizations.errors import AppError, ErrorCode

from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")


@pytest.fixture
def stack():
    return Stack(CUSTOMER, DESIGNER, ADMIN)


def add(stack, name, **fields):
    return stack.services.catalogue.create(ADMIN, CreateProduct(name, **fields))


def test_everyone_lists_the_customizable_products_by_name_a_page_at_a_time(stack):
    for name in ("Tote bag", "Ceramic mug", "Poster", "Apron"):
        add(stack, name)
    add(stack, "Gift card", customizable=False)
    catalogue = stack.services.catalogue
    first = catalogue.list_products(DESIGNER, False, PageRequest(limit=3))
    second = catalogue.list_products(DESIGNER, False, PageRequest(limit=3, cursor=first.next_cursor))
    assert [p["name"] for p in first.items] == ["Apron", "Ceramic mug", "Poster"]
    assert [p["name"] for p in second.items] == ["Tote bag"] and second.next_cursor is None
    everything = catalogue.list_products(ADMIN, True, PageRequest(limit=10)).items
    assert [p["name"] for p in everything] == ["Apron", "Ceramic mug", "Gift card", "Poster", "Tote bag"]


def test_only_admins_list_retired_products_and_write_the_catalogue(stack):
    product = add(stack, "Mug")
    catalogue = stack.services.catalogue
    for refused in (
        lambda: catalogue.list_products(CUSTOMER, True, PageRequest()),
        lambda: catalogue.create(DESIGNER, CreateProduct("Cap")),
        lambda: catalogue.update(CUSTOMER, product["id"], UpdateProduct(customizable=False)),
    ):
        with pytest.raises(AppError) as error:
            refused()
        assert error.value.code is ErrorCode.FORBIDDEN
    assert catalogue.get(CUSTOMER, product["id"])["isCustomizable"] is True


def test_a_product_created_with_an_id_taken_is_a_conflict(stack):
    assert add(stack, "Mug", product_id="mug") == {
        "id": "mug",
        "name": "Mug",
        "imageUrl": None,
        "isCustomizable": True,
    }
    with pytest.raises(AppError) as taken:
        add(stack, "Another mug", product_id="mug")
    assert taken.value.code is ErrorCode.CONFLICT
    assert stack.world.products["mug"]["name"] == "Mug"


def test_an_update_changes_only_what_it_names_and_can_remove_the_image(stack):
    add(stack, "Mug", product_id="mug", image_url="/img/mug.svg")
    catalogue = stack.services.catalogue
    renamed = catalogue.update(ADMIN, "mug", UpdateProduct(name="Big mug"))
    assert renamed == {"id": "mug", "name": "Big mug", "imageUrl": "/img/mug.svg", "isCustomizable": True}
    bare = catalogue.update(ADMIN, "mug", UpdateProduct(clear_image=True))
    assert bare["imageUrl"] is None and "imageUrl" not in stack.world.products["mug"]
    with pytest.raises(AppError) as missing:
        catalogue.update(ADMIN, "nope", UpdateProduct(name="x"))
    assert missing.value.code is ErrorCode.NOT_FOUND


def test_a_retired_product_refuses_new_requests_and_the_old_ones_keep_their_copy(stack):
    add(stack, "Mug", product_id="mug", image_url="/img/mug.svg")
    made = stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold"), None)
    stack.services.catalogue.update(ADMIN, "mug", UpdateProduct(customizable=False, name="Old mug"))
    with pytest.raises(AppError) as refused:
        stack.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Silver"), None)
    assert (refused.value.code, refused.value.message) == (
        ErrorCode.VALIDATION_ERROR,
        "Product is not customizable",
    )
    kept = stack.services.requests.get(CUSTOMER, made["id"])
    assert (kept["productName"], kept["productImage"]) == ("Mug", "/img/mug.svg")
    listed = stack.services.catalogue.list_products(CUSTOMER, False, PageRequest()).items
    assert listed == []


def client_as(stack, actor):
    claims = {"uid": actor.uid, "role": actor.role.value, "email": actor.email}
    app = create_app(lambda: stack.services, verify=lambda token, fresh: claims)
    return app.test_client(), {"Authorization": "Bearer t"}


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_the_routes_answer_in_the_envelope_with_their_statuses(stack, prefix):
    admin, headers = client_as(stack, ADMIN)
    body = {"id": "mug", "name": "Mug", "imageUrl": "https://example.com/mug.png"}
    created = admin.post(f"{prefix}/products", json=body, headers=headers)
    assert created.status_code == 201 and created.json["data"]["isCustomizable"] is True
    again = admin.post(f"{prefix}/products", json=body, headers=headers)
    assert (again.status_code, again.json["error"]["code"]) == (409, "CONFLICT")
    retired = admin.patch(f"{prefix}/products/mug", json={"isCustomizable": False}, headers=headers)
    assert retired.status_code == 200 and retired.json["data"]["isCustomizable"] is False
    customer, headers = client_as(stack, CUSTOMER)
    listed = customer.get(f"{prefix}/products?limit=5", headers=headers)
    assert (listed.status_code, listed.json["data"], listed.json["nextCursor"]) == (200, [], None)
    assert customer.get(f"{prefix}/products/mug", headers=headers).json["data"]["name"] == "Mug"
    refused = customer.patch(f"{prefix}/products/mug", json={"name": "Mine"}, headers=headers)
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "FORBIDDEN")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": None},
        {"name": "  "},
        {"name": "<script>"},
        {"isCustomizable": "no"},
        {"imageUrl": "javascript:alert(1)"},
        {"imageUrl": "//evil.example/x.png"},
        {"imageUrl": "http://plain.example/x.png"},
        {"price": 3},
    ],
)
def test_an_update_that_says_nothing_valid_is_a_validation_error(stack, body):
    add(stack, "Mug", product_id="mug")
    admin, headers = client_as(stack, ADMIN)
    response = admin.patch("/products/mug", json=body, headers=headers)
    assert (response.status_code, response.json["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert stack.world.products["mug"] == {"name": "Mug", "isCustomizable": True}
