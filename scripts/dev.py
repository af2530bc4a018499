"""`make dev`: loads demo data into the running local stack, prints the web app's URL and how to
use it, and waits.

Run through scripts/with-emulators, which starts the stack and stops it when this exits (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.emulators import (  # noqa: E402
    API_URL,
    Api,
    User,
    act,
    create_user,
    file_ref,
    granted,
    ok,
    upload,
)
from tests.support.images import png  # noqa: E402

PASSWORD = "password-123"
# The catalogue, made through the API as an admin would; the images are served with the web app.
PRODUCTS = [
    ("mug", "Ceramic mug", True),
    ("tshirt", "Organic cotton T-shirt", True),
    ("tote", "Canvas tote bag", True),
    ("poster", "Art poster (not customizable)", False),
]


def main() -> None:
    api = Api()
    customer = create_user("customer", "Casey Customer", "customer@example.com")
    designer = create_user("designer", "Dana Designer", "designer@example.com")
    admin = create_user("admin", "Ada Admin", "admin@example.com")
    designer = granted(api, admin, designer, "designer")  # a profile, and a sign-in with the role
    for product_id, name, customizable in PRODUCTS:
        body = {"id": product_id, "name": name, "imageUrl": f"/img/{product_id}.svg"}
        ok(api.post("/products", admin, {**body, "isCustomizable": customizable}), 201)

    def create(notes: str, product: str = "mug") -> str:
        body = {
            "productId": product,
            "quantity": 2,
            "customizationNotes": notes,
            "customerDesignFile": file_ref(customer, "customer_design", "sketch.pdf"),
        }
        response = api.post("/customizations", customer, body)
        response.raise_for_status()
        return str(response.json()["data"]["id"])

    def step(user: User, rid: str, action: str, **fields: object) -> None:
        act(api, user, rid, action, **fields).raise_for_status()

    def final() -> dict[str, object]:
        return file_ref(designer, "designer_final", "final.png")  # each submission is its own upload

    def preview(color: tuple[int, int, int]) -> dict[str, object]:
        return dict(ok(upload(api, designer, "preview", "preview.png", png(320, 200, color, 40)), 201))

    create("Our logo on the front, navy blue")
    working = create("Birthday message in gold", "tshirt")
    step(designer, working, "assign")
    review = create("Company name, bold sans-serif")
    step(designer, review, "assign")
    step(
        designer,
        review,
        "uploadFinal",
        designerFinalFile=final(),
        designerPreviewImage=preview((11, 92, 173)),
        designerNotes="Two options inside",
    )
    done = create("Wedding date and initials")
    step(designer, done, "assign")
    step(designer, done, "uploadFinal", designerFinalFile=final(), designerPreviewImage=preview((164, 22, 6)))
    step(customer, done, "reject", reason="Initials a little larger, please")
    step(designer, done, "uploadFinal", designerFinalFile=final(), designerPreviewImage=preview((29, 94, 2)))
    step(customer, done, "approve")
    step(admin, done, "complete", orderId="order-1001")
    cancelled = create("Never mind this one")
    step(customer, cancelled, "cancel", reason="Ordered by mistake")

    web = os.environ.get("HOSTING_URL", "http://127.0.0.1:5050")
    print(
        f"""
The local stack is running with demo data.

  Web app         {web}   <- open this, and sign in as one of:

Users (password '{PASSWORD}'):
  customer  customer@example.com
  designer  designer@example.com
  admin     admin@example.com

  API             {API_URL}
  through Hosting {web}/api
  OpenAPI         {API_URL}/openapi.json

An ID token for a user, valid for an hour:  scripts/token customer@example.com
For example:
  curl -H "Authorization: Bearer $(scripts/token designer@example.com)" {API_URL}/customizations/pending

Press Ctrl-C to stop the stack.
""",
        flush=True,
    )
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
