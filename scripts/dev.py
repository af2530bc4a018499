"""`make dev`: loads demo data into the running local stack, prints how to use it, and waits.

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
    seed_product,
)

PASSWORD = "password-123"
PRODUCTS = [
    ("mug", "Ceramic mug", True),
    ("tshirt", "Organic cotton T-shirt", True),
    ("poster", "Art poster (not customizable)", False),
]


def main() -> None:
    api = Api()
    for product_id, name, customizable in PRODUCTS:
        seed_product(product_id, name, customizable)
    customer = create_user("customer", "Casey Customer", "customer@example.com")
    designer = create_user("designer", "Dana Designer", "designer@example.com")
    admin = create_user("admin", "Ada Admin", "admin@example.com")
    designer = granted(api, admin, designer, "designer")  # a profile, and a sign-in with the role

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

    create("Our logo on the front, navy blue")
    working = create("Birthday message in gold", "tshirt")
    step(designer, working, "assign")
    review = create("Company name, bold sans-serif")
    step(designer, review, "assign")
    step(designer, review, "uploadFinal", designerFinalFile=final(), designerNotes="Two options inside")
    done = create("Wedding date and initials")
    step(designer, done, "assign")
    step(designer, done, "uploadFinal", designerFinalFile=final())
    step(customer, done, "reject", reason="Initials a little larger, please")
    step(designer, done, "uploadFinal", designerFinalFile=final())
    step(customer, done, "approve")
    step(admin, done, "complete", orderId="order-1001")
    cancelled = create("Never mind this one")
    step(customer, cancelled, "cancel", reason="Ordered by mistake")

    print(
        f"""
The local stack is running with demo data.

  API            {API_URL}
  through Hosting {os.environ.get("HOSTING_URL", "http://127.0.0.1:5050")}/api
  OpenAPI        {API_URL}/openapi.json

Users (password '{PASSWORD}'):
  customer  customer@example.com
  designer  designer@example.com
  admin     admin@example.com

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
