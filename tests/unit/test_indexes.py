"""Every query the Firestore stores can run (adapters/queries.py) has its composite index in
firestore.indexes.json.

The emulator runs any query without indexes, so production's index rules are checked here: a query
with equality filters and an order on another field needs an index whose fields are the equality
fields (in any order) followed by the order field in the query's direction.
"""

import json
from pathlib import Path

import pytest
from customizations.adapters.queries import QUERY_SHAPES, QueryShape

INDEXES = json.loads((Path(__file__).resolve().parents[2] / "firestore.indexes.json").read_text())


def needs_composite_index(shape: QueryShape) -> bool:
    # Equality filters alone are served by merging single-field indexes.
    return bool(shape.equalities) and shape.order_by is not None and shape.order_by not in shape.equalities


def serving_index(shape: QueryShape) -> dict | None:
    direction = "DESCENDING" if shape.descending else "ASCENDING"
    for index in INDEXES["indexes"]:
        fields = [f for f in index["fields"] if f["fieldPath"] != "__name__"]
        if index["collectionGroup"] != shape.collection or index.get("queryScope") != "COLLECTION":
            continue
        *prefix, last = fields
        if (last["fieldPath"], last.get("order")) != (shape.order_by, direction):
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
