"""Every query the Firestore stores can run (adapters/queries.py) has its composite index in
firestore.indexes.json; the single-field exemptions are exactly what no query needs; every growing
collection expires through a TTL policy; and every increasing timestamp the code writes is either
exempt from indexing or a range a query needs (and the capacity model counts).

The emulator runs any query without indexes, so production's index rules are checked here: a query
with equality filters and an order on another field needs an index whose fields are the equality
fields (in any order) followed by the order field in the query's direction.
"""

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from customizations.adapters import queries
from customizations.adapters.queries import QUERY_SHAPES, QueryShape
from customizations.domain.actors import Actor
from customizations.domain.commands import (
    AllowRevision,
    Approve,
    Assign,
    Cancel,
    Complete,
    CreateRequest,
    Reassign,
    Reject,
    Release,
    UploadFinal,
)
from customizations.domain.files import FileField
from customizations.domain.lifecycle import Role

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

INDEXES = json.loads((Path(__file__).resolve().parents[2] / "firestore.indexes.json").read_text())


def needs_composite_index(shape: QueryShape) -> bool:
    # Equality filters alone are served by merging single-field indexes.
    return bool(shape.equalities) and shape.order_by is not None and shape.order_by not in shape.equalities


def serving_index(shape: QueryShape) -> dict | None:
    direction = "DESCENDING" if shape.descending else "ASCENDING"
    ordered = [shape.order_by] + ([shape.then_by] if shape.then_by else [])
    for index in INDEXES["indexes"]:
        fields = [f for f in index["fields"] if f["fieldPath"] != "__name__"]
        scope = "COLLECTION_GROUP" if shape.group else "COLLECTION"
        if index["collectionGroup"] != shape.collection or index.get("queryScope") != scope:
            continue
        prefix, last = fields[: -len(ordered)], fields[-len(ordered) :]
        if [(f["fieldPath"], f.get("order")) for f in last] != [(name, direction) for name in ordered]:
            continue
        if sorted(f["fieldPath"] for f in prefix) == sorted(shape.equalities):
            return index
    return None


@pytest.mark.parametrize(
    "shape", QUERY_SHAPES, ids=lambda s: f"{s.collection}:{'+'.join(s.equalities)}>{s.order_by}"
)
def test_every_query_shape_has_its_composite_index(shape):
    if needs_composite_index(shape):
        assert serving_index(shape) is not None, f"add an index for {shape} to firestore.indexes.json"


def test_no_index_is_declared_that_no_query_uses():
    used = [serving_index(s) for s in QUERY_SHAPES if needs_composite_index(s)]
    unused = [i for i in INDEXES["indexes"] if i not in used]
    assert unused == []


def test_a_query_without_its_index_is_detected():
    missing = QueryShape("customizationRequests", ("productId",), "createdAt", True)
    assert needs_composite_index(missing) and serving_index(missing) is None


# ---- single-field indexes: exemptions and TTL policies ----

OVERRIDES = INDEXES.get("fieldOverrides", [])


def single_fields_needed(shape: QueryShape) -> set[str]:
    """The fields a query needs single-field indexes on: each equality of an equality-only query,
    or the order field of a query without equalities."""
    if shape.order_by is None:
        return set(shape.equalities)
    return set() if shape.equalities else {shape.order_by}


def exempt(group: str, path: str) -> bool:
    """Whether a field (or the map it is in) has its single-field indexes turned off."""
    parts = path.split(".")
    prefixes = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
    return any(
        o["collectionGroup"] == group and o["fieldPath"] in prefixes and o["indexes"] == [] for o in OVERRIDES
    )


def test_the_exemptions_declared_are_the_fields_the_code_declares_unindexed():
    declared = {(o["collectionGroup"], o["fieldPath"]) for o in OVERRIDES if o["indexes"] == []}
    wanted = {(group, field) for group, fields in queries.UNINDEXED.items() for field in fields}
    assert declared == wanted, "run scripts/field_overrides.py"
    assert all(o["indexes"] == [] for o in OVERRIDES), "only exemptions here; indexes go in 'indexes'"


@pytest.mark.parametrize(
    "shape", QUERY_SHAPES, ids=lambda s: f"{s.collection}:{'+'.join(s.equalities)}>{s.order_by}"
)
def test_no_query_needs_a_field_that_is_exempt(shape):
    for field in single_fields_needed(shape):
        assert not exempt(shape.collection, field), f"{shape} needs {field} indexed"


def test_every_growing_collection_expires_through_a_ttl_policy_on_its_expire_field():
    ttl = {(o["collectionGroup"], o["fieldPath"]) for o in OVERRIDES if o.get("ttl")}
    assert ttl == {(group, queries.TTL_FIELD) for group in queries.RETAINED}
    assert all(exempt(group, queries.TTL_FIELD) for group in queries.RETAINED)


def test_the_increasing_fields_left_indexed_are_needed_by_a_query():
    needed = {(s.collection, f) for s in QUERY_SHAPES for f in single_fields_needed(s)}
    for group, fields in queries.SEQUENTIAL_SINGLE_FIELDS.items():
        for field in fields:
            assert (group, field) in needed and not exempt(group, field)


def test_an_exempt_field_a_query_needs_is_detected():
    shape = QueryShape("notifications", (), "createdAt", True)
    assert "createdAt" in single_fields_needed(shape) and exempt("notifications", "createdAt")


CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
OTHER_DESIGNER = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")


def timestamps(doc: dict, prefix: str = "") -> set[str]:
    """The paths of every timestamp in a document, maps included."""
    found = set()
    for key, value in doc.items():
        if isinstance(value, datetime):
            found.add(prefix + key)
        elif isinstance(value, dict):
            found |= timestamps(value, f"{prefix}{key}.")
    return found


def test_every_timestamp_the_code_writes_is_exempt_or_a_range_a_query_needs():
    """Run every path that writes a time (a lifecycle with files, a rejection, a cancellation, an
    idempotent create, a role change, mail, a read; a release, a reassignment, more revisions,
    timed steps, a rollback and an override) on the in-memory stores, then look at what they hold:
    each timestamp field is exempt from single-field indexes or declared sequential."""
    stack = Stack(CUSTOMER, DESIGNER, OTHER_DESIGNER, ADMIN, email=True)
    stack.product()
    uploads, requests = stack.services.uploads, stack.services.requests

    def upload(actor, kind, name):
        return uploads.upload(actor, kind, name, None, io.BytesIO(SAMPLES[".png"]))["path"]

    files = {FileField.CUSTOMER_DESIGN_FILE: upload(CUSTOMER, "customer_design", "a.png")}
    rid = requests.create(CUSTOMER, CreateRequest("mug", 1, "Gold", files), "key-1")["id"]
    requests.act(DESIGNER, rid, Assign(), None)
    for _ in range(2):
        final = {FileField.DESIGNER_FINAL_FILE: upload(DESIGNER, "designer_final", "f.png")}
        requests.act(DESIGNER, rid, UploadFinal(final, "v"), None)
        requests.act(CUSTOMER, rid, Reject("Bigger"), None) if _ == 0 else requests.act(
            CUSTOMER, rid, Approve(), None
        )
    requests.act(ADMIN, rid, Complete("o-1"), None)
    other = requests.create(CUSTOMER, CreateRequest("mug", 1, "Silver"), None)["id"]
    requests.act(CUSTOMER, other, Cancel("Changed my mind"), None)
    upload(CUSTOMER, "preview", "orphan.png")
    stack.services.users.set_role(ADMIN, CUSTOMER.uid, Role.CUSTOMER)
    third = requests.create(CUSTOMER, CreateRequest("mug", 1, "Bronze"), None)["id"]
    requests.act(DESIGNER, third, Assign(), None)
    requests.act(DESIGNER, third, Release("Too busy this week"), None)
    requests.act(DESIGNER, third, Assign(), None)
    requests.act(ADMIN, third, Reassign(OTHER_DESIGNER.uid), None)
    requests.act(ADMIN, third, AllowRevision(2), None)
    waiting = requests.create(CUSTOMER, CreateRequest("mug", 1, "Copper"), None)["id"]
    assert stack.pass_time(hours=100) == ["done"] * 4  # reminders and overdue marks of both
    stack.store.write_around(third, {"status": "approved"})  # rolled back
    stack.store.write_around(waiting, {"status": "cancelled", "adminOverride": {"reason": "as agreed"}})
    stack.settle()
    for notification in list(stack.world.notifications):
        stack.services.activity.mark_read(
            Actor(stack.world.notifications[notification]["recipientId"], Role.CUSTOMER, "", ""), notification
        )

    written = {
        queries.REQUESTS: stack.world.requests.values(),
        queries.NOTIFICATIONS: stack.world.notifications.values(),
        queries.UPLOADS: stack.world.uploads.values(),
        queries.IDEMPOTENCY: stack.world.idempotency.values(),
        queries.ROLE_CHANGES: stack.world.role_changes,
        queries.MAIL: stack.world.mail.values(),
        queries.SEATS: stack.world.seats.values(),
        queries.PRIVATE: [{queries.LEGAL: state} for state in stack.world.legal.values()],
        queries.USAGE: stack.world.usage.values(),
    }
    sequential = queries.SEQUENTIAL_SINGLE_FIELDS
    for group, docs in written.items():
        fields = set().union(*(timestamps(doc) for doc in docs))
        assert fields, f"nothing written to {group}: the run misses a path"
        loose = {f for f in fields if not exempt(group, f) and f not in sequential.get(group, ())}
        assert loose == set(), f"{group}: index-exempt these increasing fields, or declare them"
