"""An in-memory stand-in for `google.cloud.firestore.Client` that records every document write and
every index entry the write implies, for the capacity model (bench/capacity.py).

It implements the part of the client's surface the adapters use, with Firestore's semantics:
- documents: `collection(...).document(...)`, auto ids, `get` (also in a transaction and at a
  `read_time`), `create` (refuses an existing document), `set` (with `merge`, nested maps merged),
  `update` (dotted field paths; `option=write_option(last_update_time=...)` or `exists=...`
  preconditions), `delete`; `Increment`, `SERVER_TIMESTAMP`, `DELETE_FIELD`, `ArrayUnion`,
  `ArrayRemove`, `Maximum`, `Minimum`;
- batches and transactions (`firestore.transactional`) that apply all of their writes or none;
- `get_all`, `list_documents` (parents that only have subcollections included),
  `collection_group`, `collections`;
- queries: `where` (positional or `filter=`, FieldFilter/And/Or, every operator, `== None` as
  IS_NULL), `order_by` (Firestore's type order, implicit order on inequality fields, `__name__`
  last), cursors (`start_at/after`, `end_at/before` with a dict, a list or a snapshot), `limit`,
  `limit_to_last`, `offset`, `select`, `stream`/`get`, and `count`/`sum`/`avg` aggregations;
- snapshots with `.id`, `.reference` (`.parent.parent.id`), `.exists`, `.to_dict()`, `.get()`,
  `.create_time`, `.update_time`.

Every commit gets a unique, increasing time from the model's clock (the `update_time` that
preconditions compare, and what `SERVER_TIMESTAMP` becomes). What is recorded, per write: the
document, the operation, the before and after images, the context the driver set
(`client.context`), the commit it was part of, its size, and the index entries it added (with
whether each lands at the end of a range of clock-ordered values) and removed, as `IndexModel`
derives them from `firestore.indexes.json`. Reads are counted per context the way Firestore bills
them (a document read each; a query's results, at least one; an aggregation, one per 1,000 index
entries counted). Listeners see each commit's writes, which is how the model runs the request
trigger.
"""

from __future__ import annotations

import json
import math
import random
import string
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud.firestore_v1 import _helpers, transforms
from google.cloud.firestore_v1.base_aggregation import AggregationResult
from google.cloud.firestore_v1.base_query import BaseCompositeFilter, FieldFilter
from google.cloud.firestore_v1.types import StructuredQuery

MAX_WRITES_PER_COMMIT = 500
SEQUENTIAL_WINDOW = timedelta(minutes=1)  # a clock value this recent (or later) lands at a range's end
_AUTO_ID = string.ascii_letters + string.digits
_OR = StructuredQuery.CompositeFilter.Operator.OR
_INEQUALITIES = {"<", "<=", ">", ">=", "!=", "not-in"}

Doc = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# values: Firestore's type order, sizes, frozen (hashable) forms


def _type_rank(value: Any) -> int:  # noqa: PLR0911 - one answer per type
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1
    if isinstance(value, float) and math.isnan(value):
        return 2
    if isinstance(value, int | float):
        return 3
    if isinstance(value, datetime):
        return 4
    if isinstance(value, str):
        return 5
    if isinstance(value, bytes):
        return 6
    if isinstance(value, DocumentReference):
        return 7
    if isinstance(value, list | tuple):
        return 9
    if isinstance(value, dict):
        return 10
    return 8  # GeoPoint and anything else


def order_key(value: Any) -> tuple[Any, ...]:
    """A sort key that orders values as Firestore does: by type, then within the type."""
    rank = _type_rank(value)
    if rank in (0, 2):
        return (rank,)
    if rank == 7:
        return (rank, tuple(value._path))
    if rank == 9:
        return (rank, tuple(order_key(v) for v in value))
    if rank == 10:
        return (rank, tuple((k, order_key(value[k])) for k in sorted(value)))
    if rank == 8:
        return (rank, repr(value))
    return (rank, value)


def _equal(a: Any, b: Any) -> bool:
    return _type_rank(a) == _type_rank(b) and order_key(a) == order_key(b)


def freeze(value: Any) -> Any:
    """A hashable form of a value (maps and arrays included) for index entries."""
    if value is None or type(value) in (str, int, float, datetime):
        return value
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return ("map", tuple((k, freeze(value[k])) for k in sorted(value)))
    if isinstance(value, list | tuple):
        return ("array", tuple(freeze(v) for v in value))
    if isinstance(value, DocumentReference):
        return ("ref", value.path)
    return value


def _equality_key(value: Any) -> Any:
    """What equal values share, as Firestore's equality sees them (1 == 1.0, true != 1)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return ("number", value)
    return freeze(value)


def name_size(path: str) -> int:
    """Firestore's storage size of a document name: each segment and a separator, plus 16."""
    return sum(len(part.encode()) + 1 for part in path.split("/")) + 16


def value_size(value: Any) -> int:  # noqa: PLR0911 - one answer per type
    """Firestore's storage size of a value (firebase.google.com/docs/firestore/storage-size)."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int | float | datetime):
        return 8
    if isinstance(value, str):
        return len(value.encode()) + 1
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, DocumentReference):
        return name_size(value.path)
    if isinstance(value, list | tuple):
        return sum(value_size(v) for v in value)
    if isinstance(value, dict):
        return sum(len(str(k).encode()) + 1 + value_size(v) for k, v in value.items())
    return 16  # GeoPoint


def document_size(path: str, data: Doc) -> int:
    """The storage size of a document: its name, its fields, and 32 bytes."""
    return name_size(path) + value_size(data) + 32


def _is_transform(value: Any) -> bool:
    return value is transforms.SERVER_TIMESTAMP or isinstance(
        value, transforms.Increment | transforms.Maximum | transforms.Minimum | transforms._ValueList
    )


def _count_transforms(value: Any) -> int:
    if _is_transform(value):
        return 1
    if isinstance(value, dict):
        return sum(_count_transforms(v) for v in value.values())
    return 0


def _field_path(name: str) -> list[str]:
    """A dotted field path as its parts (backticks quote a part holding dots)."""
    parts, current, quoted = [], "", False
    for ch in name:
        if ch == "`":
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


_MISSING = object()


def lookup(doc: Doc, path: str) -> Any:
    """The value at a dotted field path, or _MISSING."""
    current: Any = doc
    for part in _field_path(path):
        if not isinstance(current, dict) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# indexes


@dataclass(frozen=True)
class RangeKey:
    """An index range: the index, the collection it is scoped to (a parent document's path, "" for
    a root collection, "*" for collection-group scope) and the values of its leading fields."""

    index: str
    scope: str
    prefix: tuple[Any, ...] = ()

    def describe(self) -> str:
        where = "" if self.scope in ("", "*") else f" under {self.scope}"
        if self.scope == "*":
            where = " (collection group)"
        values = f" = {', '.join(_show(v) for v in self.prefix)}" if self.prefix else ""
        return f"{self.index}{values}{where}"


def _show(value: Any) -> str:
    if isinstance(value, tuple) and value and value[0] in ("bool", "map", "array", "ref"):
        return str(value[1])
    return "null" if value is None else str(value)


@dataclass(frozen=True)
class Entry:
    """One index entry of one document: its range and the value that orders it in the range."""

    range: RangeKey
    value: Any  # frozen; the raw value is kept for the sequential check
    raw: Any = field(compare=False, hash=False, default=None)


class IndexModel:
    """The index entries a document has, under Firestore's automatic single-field indexing (ascending
    and descending for every field, maps recursively, array-contains for arrays) as changed by the
    `fieldOverrides` of firestore.indexes.json, plus its composite indexes."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.composites: list[dict[str, Any]] = [
            index for index in config.get("indexes", []) if "fields" in index
        ]
        # (collection group, field path) -> the single-field indexes it keeps: ("ASCENDING" |
        # "DESCENDING" | "CONTAINS", "COLLECTION" | "COLLECTION_GROUP")
        self.overrides: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self.ttl: set[tuple[str, str]] = set()
        self._modes: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._keys: dict[tuple[str, str, str, str, str], RangeKey] = {}
        for override in config.get("fieldOverrides", []):
            key = (override["collectionGroup"], override["fieldPath"])
            if override.get("ttl"):
                self.ttl.add(key)
            if "indexes" in override:
                modes = []
                for index in override["indexes"]:
                    mode = index.get("order") or ("CONTAINS" if index.get("arrayConfig") else None)
                    if mode is not None:
                        modes.append((mode, index.get("queryScope", "COLLECTION")))
                self.overrides[key] = tuple(modes)

    @classmethod
    def load(cls, path: Path) -> IndexModel:
        """The model of a firestore.indexes.json."""
        return cls(json.loads(path.read_text()))

    _DEFAULT = (
        ("ASCENDING", "COLLECTION"),
        ("DESCENDING", "COLLECTION"),
        ("CONTAINS", "COLLECTION"),
    )

    def single_field_modes(self, group: str, path: str) -> tuple[tuple[str, str], ...]:
        """The single-field indexes a field keeps: its own override, else its nearest map
        ancestor's, else the collection's (`*`), else the defaults."""
        cached = self._modes.get((group, path))
        if cached is not None:
            return cached
        parts = _field_path(path)
        found = None
        for end in range(len(parts), 0, -1):
            found = self.overrides.get((group, ".".join(parts[:end])))
            if found is not None:
                break
        if found is None:
            found = self.overrides.get((group, "*"), self._DEFAULT)
        self._modes[(group, path)] = found
        return found

    def exempted(self, group: str, path: str) -> bool:
        """Whether a field has no single-field index at all."""
        return not self.single_field_modes(group, path)

    def entries(self, doc_path: str, data: Doc | None) -> set[Entry]:
        """Every index entry the document at doc_path with this data has."""
        if data is None:
            return set()
        parts = doc_path.split("/")
        group, scope = parts[-2], "/".join(parts[:-2])
        found: set[Entry] = set()
        self._single(group, scope, "", data, found)
        for index in self.composites:
            if index.get("collectionGroup") == group:
                self._composite(index, scope, data, found)
        return found

    def _single(self, group: str, scope: str, prefix: str, data: Doc, found: set[Entry]) -> None:
        for name, value in data.items():
            path = f"{prefix}{name}"
            if isinstance(value, dict):
                self._single(group, scope, f"{path}.", value, found)
                continue
            for mode, query_scope in self.single_field_modes(group, path):
                if isinstance(value, list):
                    if mode == "CONTAINS" and not prefix:  # arrays inside maps are not indexed
                        key = self._range(group, path, mode, query_scope, scope)
                        found.update(Entry(key, freeze(v), v) for v in value)
                elif mode != "CONTAINS":
                    found.add(Entry(self._range(group, path, mode, query_scope, scope), freeze(value), value))

    def _range(self, group: str, path: str, mode: str, query_scope: str, scope: str) -> RangeKey:
        cache = (group, path, mode, query_scope, scope)
        key = self._keys.get(cache)
        if key is None:
            short = {"ASCENDING": "ASC", "DESCENDING": "DESC"}.get(mode, mode)
            where = "*" if query_scope == "COLLECTION_GROUP" else scope
            key = self._keys[cache] = RangeKey(f"{group}.{path} {short}", where)
        return key

    @staticmethod
    def composite_name(index: dict[str, Any]) -> str:
        """An index as `group (field ORDER, ...)`."""
        fields = []
        for spec in index["fields"]:
            if spec["fieldPath"] == "__name__":
                continue
            mode = spec.get("order") or ("CONTAINS" if spec.get("arrayConfig") else "?")
            fields.append(
                f"{spec['fieldPath']} { ({'ASCENDING': 'ASC', 'DESCENDING': 'DESC'}.get(mode, mode)) }"
            )
        return f"{index['collectionGroup']} ({', '.join(fields)})"

    def _composite(self, index: dict[str, Any], scope: str, data: Doc, found: set[Entry]) -> None:
        specs = [spec for spec in index["fields"] if spec["fieldPath"] != "__name__"]
        choices: list[list[Any]] = []
        for spec in specs:
            value = lookup(data, spec["fieldPath"])
            if value is _MISSING:
                return  # a document is in an index only if it has every field of it
            if spec.get("arrayConfig"):
                if not isinstance(value, list) or not value:
                    return
                choices.append(list(value))
            else:
                choices.append([value])
        where = "*" if index.get("queryScope") == "COLLECTION_GROUP" else scope
        name = self.composite_name(index)
        combos: list[list[Any]] = [[]]
        for options in choices:
            combos = [combo + [option] for combo in combos for option in options]
        for combo in combos:
            *leading, last = combo
            key = RangeKey(name, where, tuple(freeze(v) for v in leading))
            found.add(Entry(key, freeze(last), last))


def sequential(entry: Entry, written_at: datetime) -> bool:
    """Whether an entry lands at the end of its range: its ordering value is a time from the clock
    (now, or later, as a TTL is), so every new entry of the range lands after all the others."""
    return isinstance(entry.raw, datetime) and entry.raw >= written_at - SEQUENTIAL_WINDOW


# ---------------------------------------------------------------------------------------------
# what is recorded


@dataclass
class Write:
    """One document write, as committed."""

    path: str
    op: str  # create | set | update | delete
    before: Doc | None
    after: Doc | None
    at: datetime
    commit: int
    context: Any
    size: int  # the document's size after the write (0 when deleted)
    transforms: int
    added: list[tuple[RangeKey, bool]]  # index entries added, and whether each is sequential
    removed: int


@dataclass
class Commit:
    """One commit: a batch, a transaction, or a single write."""

    number: int
    at: datetime
    kind: str
    writes: int
    request_bytes: int
    context: Any


@dataclass
class _Version:
    data: Doc | None
    create_time: datetime | None
    update_time: datetime
    entries: set[Entry]


# ---------------------------------------------------------------------------------------------
# references and snapshots


class DocumentSnapshot:
    """A document as read: `.exists`, `.id`, `.reference`, `.to_dict()`, `.get(field)`."""

    def __init__(
        self,
        reference: DocumentReference,
        data: Doc | None,
        create_time: datetime | None,
        update_time: datetime | None,
        read_time: datetime,
    ) -> None:
        self.reference = reference
        self._data = data
        self.create_time = create_time
        self.update_time = update_time
        self.read_time = read_time

    @property
    def exists(self) -> bool:
        return self._data is not None

    @property
    def id(self) -> str:
        return self.reference.id

    def to_dict(self) -> Doc | None:
        return None if self._data is None else _copy(self._data)

    def get(self, field_path: str) -> Any:
        if self._data is None:
            raise KeyError(field_path)
        value = lookup(self._data, field_path)
        if value is _MISSING:
            raise KeyError(field_path)
        return _copy(value)


class WriteResult:
    """What a write returns: its update time, and the values its transforms left."""

    def __init__(self, update_time: datetime) -> None:
        self.update_time = update_time
        self.transform_results: list[Any] = []


class DocumentReference:
    """A document's path, and the operations on it."""

    def __init__(self, client: RecordingClient, path: tuple[str, ...]) -> None:
        if len(path) % 2:
            raise ValueError(f"not a document path: {'/'.join(path)}")
        self._client = client
        self._path = path

    @property
    def id(self) -> str:
        return self._path[-1]

    @property
    def path(self) -> str:
        return "/".join(self._path)

    @property
    def parent(self) -> CollectionReference:
        return CollectionReference(self._client, self._path[:-1])

    def collection(self, collection_id: str) -> CollectionReference:
        return CollectionReference(self._client, (*self._path, *collection_id.split("/")))

    def collections(self, page_size: int | None = None) -> Iterator[CollectionReference]:
        yield from self._client._subcollections(self._path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentReference) and other._path == self._path

    def __hash__(self) -> int:
        return hash(self._path)

    def __repr__(self) -> str:
        return f"<DocumentReference {self.path}>"

    def get(
        self,
        field_paths: Iterable[str] | None = None,
        transaction: Transaction | None = None,
        retry: Any = None,
        timeout: Any = None,
        read_time: datetime | None = None,
    ) -> DocumentSnapshot:
        if transaction is not None:
            return transaction.get(self)
        return self._client._read([self], read_time)[0]

    def create(self, document_data: Doc, retry: Any = None, timeout: Any = None) -> WriteResult:
        batch = WriteBatch(self._client, "single")
        batch.create(self, document_data)
        return batch.commit()[0]

    def set(
        self, document_data: Doc, merge: bool = False, retry: Any = None, timeout: Any = None
    ) -> WriteResult:
        batch = WriteBatch(self._client, "single")
        batch.set(self, document_data, merge=merge)
        return batch.commit()[0]

    def update(
        self, field_updates: Doc, option: Any = None, retry: Any = None, timeout: Any = None
    ) -> WriteResult:
        batch = WriteBatch(self._client, "single")
        batch.update(self, field_updates, option=option)
        return batch.commit()[0]

    def delete(self, option: Any = None, retry: Any = None, timeout: Any = None) -> datetime:
        batch = WriteBatch(self._client, "single")
        batch.delete(self, option=option)
        return batch.commit()[0].update_time


# ---------------------------------------------------------------------------------------------
# queries


@dataclass(frozen=True)
class _Filter:
    field: str
    op: str
    value: Any


def _op_name(op: Any) -> str:
    if isinstance(op, str):
        return op
    return str(getattr(op, "name", op))  # IS_NULL, IS_NOT_NULL, IS_NAN, IS_NOT_NAN


def _convert_filter(flt: Any) -> Any:
    if isinstance(flt, BaseCompositeFilter):
        return ("or" if flt.operator == _OR else "and", tuple(_convert_filter(f) for f in flt.filters))
    if isinstance(flt, FieldFilter):
        op, value = _op_name(flt.op_string), flt.value
        if op == "==" and value is None:
            op = "IS_NULL"
        if op == "!=" and value is None:
            op = "IS_NOT_NULL"
        return _Filter(flt.field_path, op, value)
    raise TypeError(f"unsupported filter {flt!r}")


def _matches(flt: Any, data: Doc) -> bool:  # noqa: PLR0911 - one answer per operator
    if isinstance(flt, tuple):
        kind, parts = flt
        return (
            any(_matches(p, data) for p in parts) if kind == "or" else all(_matches(p, data) for p in parts)
        )
    value = lookup(data, flt.field)
    if value is _MISSING:
        return False
    op, target = flt.op, flt.value
    if op == "IS_NULL":
        return value is None
    if op == "IS_NOT_NULL":
        return value is not None
    if op == "IS_NAN":
        return isinstance(value, float) and math.isnan(value)
    if op == "IS_NOT_NAN":
        return not (isinstance(value, float) and math.isnan(value)) and value is not None
    if op == "==":
        return _equal(value, target)
    if op == "!=":
        return value is not None and not _equal(value, target)
    if op == "in":
        return any(_equal(value, t) for t in target)
    if op == "not-in":
        return value is not None and not any(_equal(value, t) for t in target)
    if op == "array-contains":
        return isinstance(value, list) and any(_equal(v, target) for v in value)
    if op == "array-contains-any":
        return isinstance(value, list) and any(_equal(v, t) for v in value for t in target)
    if _type_rank(value) != _type_rank(target):
        return False  # ranges compare within one type only
    a, b = order_key(value), order_key(target)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _inequality_fields(flt: Any) -> set[str]:
    if isinstance(flt, tuple):
        return set().union(*(_inequality_fields(p) for p in flt[1]))
    return {flt.field} if flt.op in _INEQUALITIES else set()


@dataclass(frozen=True)
class _Cursor:
    values: tuple[Any, ...]
    before: bool  # start_at / end_before: the position is before the cursor's document


class Query:
    """A query over one collection, or over every collection with one id (a collection group)."""

    ASCENDING = "ASCENDING"
    DESCENDING = "DESCENDING"

    def __init__(
        self,
        client: RecordingClient,
        path: tuple[str, ...],
        all_descendants: bool = False,
        filters: tuple[Any, ...] = (),
        orders: tuple[tuple[str, str], ...] = (),
        start: _Cursor | None = None,
        end: _Cursor | None = None,
        limit: int | None = None,
        limit_to_last: bool = False,
        offset: int = 0,
        projection: tuple[str, ...] | None = None,
    ) -> None:
        self._client = client
        self._path = path
        self._all_descendants = all_descendants
        self._filters = filters
        self._orders = orders
        self._start = start
        self._end = end
        self._limit = limit
        self._limit_to_last = limit_to_last
        self._offset = offset
        self._projection = projection

    def _copy(self, **changes: Any) -> Query:
        fields = {
            "all_descendants": self._all_descendants,
            "filters": self._filters,
            "orders": self._orders,
            "start": self._start,
            "end": self._end,
            "limit": self._limit,
            "limit_to_last": self._limit_to_last,
            "offset": self._offset,
            "projection": self._projection,
            **changes,
        }
        return Query(self._client, self._path, **fields)

    def where(
        self,
        field_path: str | None = None,
        op_string: str | None = None,
        value: Any = None,
        *,
        filter: Any = None,
    ) -> Query:
        flt = filter if filter is not None else FieldFilter(str(field_path), str(op_string), value)
        return self._copy(filters=(*self._filters, _convert_filter(flt)))

    def order_by(self, field_path: str, direction: str = ASCENDING) -> Query:
        return self._copy(orders=(*self._orders, (field_path, direction)))

    def limit(self, count: int) -> Query:
        return self._copy(limit=count, limit_to_last=False)

    def limit_to_last(self, count: int) -> Query:
        return self._copy(limit=count, limit_to_last=True)

    def offset(self, num_to_skip: int) -> Query:
        return self._copy(offset=num_to_skip)

    def select(self, field_paths: Iterable[str]) -> Query:
        return self._copy(projection=tuple(field_paths))

    def _cursor(self, fields: Any, before: bool) -> _Cursor:
        orders = self._normalized_orders()
        if isinstance(fields, DocumentSnapshot):
            data = fields.to_dict() or {}
            values = tuple(
                fields.reference if name == "__name__" else lookup(data, name) for name, _ in orders
            )
        elif isinstance(fields, dict):
            given = [fields[name] if name in fields else lookup(fields, name) for name, _ in orders]
            values = tuple(v for v in given if v is not _MISSING)
        else:
            values = tuple(fields)
        return _Cursor(values, before)

    def start_at(self, document_fields_or_snapshot: Any) -> Query:
        return self._copy(start=self._cursor(document_fields_or_snapshot, True))

    def start_after(self, document_fields_or_snapshot: Any) -> Query:
        return self._copy(start=self._cursor(document_fields_or_snapshot, False))

    def end_before(self, document_fields_or_snapshot: Any) -> Query:
        return self._copy(end=self._cursor(document_fields_or_snapshot, True))

    def end_at(self, document_fields_or_snapshot: Any) -> Query:
        return self._copy(end=self._cursor(document_fields_or_snapshot, False))

    def _normalized_orders(self) -> list[tuple[str, str]]:
        orders = list(self._orders)
        named = {name for name, _ in orders}
        for name in sorted(set().union(*(_inequality_fields(f) for f in self._filters)) - named):
            orders.append((name, self.ASCENDING))
        if "__name__" not in {name for name, _ in orders}:
            orders.append(("__name__", orders[-1][1] if orders else self.ASCENDING))
        return orders

    def _name_value(self, value: Any) -> tuple[str, ...]:
        if isinstance(value, DocumentReference):
            return value._path
        text = str(value)
        return (*self._path, text) if "/" not in text else tuple(text.split("/"))

    def _position(self, path: tuple[str, ...], data: Doc, orders: list[tuple[str, str]]) -> tuple[Any, ...]:
        key = []
        for name, direction in orders:
            if name == "__name__":
                part: Any = (7, path)
            else:
                part = order_key(lookup(data, name))
            key.append(_Desc(part) if direction == self.DESCENDING else part)
        return tuple(key)

    def _cursor_position(self, cursor: _Cursor, orders: list[tuple[str, str]]) -> tuple[Any, ...]:
        key = []
        for (name, direction), value in zip(orders, cursor.values, strict=False):
            part = (7, self._name_value(value)) if name == "__name__" else order_key(value)
            key.append(_Desc(part) if direction == self.DESCENDING else part)
        return tuple(key)

    def _run(self, read_time: datetime | None, billed: bool = True) -> list[DocumentSnapshot]:
        client = self._client
        orders = self._normalized_orders()
        with client._lock:
            candidates = client._scan(self._path, self._all_descendants, self._filters, read_time)
            rows = []
            for path, version in candidates:
                data = version.data
                assert data is not None
                if not all(_matches(f, data) for f in self._filters):
                    continue
                if any(name != "__name__" and lookup(data, name) is _MISSING for name, _ in orders):
                    continue
                rows.append((self._position(path, data, orders), path, version))
        rows.sort(key=lambda row: row[0])
        if self._start is not None:
            at = self._cursor_position(self._start, orders)
            rows = [
                r for r in rows if (r[0][: len(at)] >= at if self._start.before else r[0][: len(at)] > at)
            ]
        if self._end is not None:
            at = self._cursor_position(self._end, orders)
            rows = [r for r in rows if (r[0][: len(at)] < at if self._end.before else r[0][: len(at)] <= at)]
        rows = rows[self._offset :]
        if self._limit is not None:
            rows = rows[-self._limit :] if self._limit_to_last else rows[: self._limit]
        now = client._now()
        found = []
        for _, path, version in rows:
            data = version.data or {}
            if self._projection is not None:
                projected: Doc = {}
                for name in self._projection:
                    value = lookup(data, name)
                    if value is not _MISSING:
                        _set_path(projected, _field_path(name), value)
                data = projected
            found.append(
                DocumentSnapshot(
                    DocumentReference(client, path),
                    _copy(data),
                    version.create_time,
                    version.update_time,
                    now,
                )
            )
        if billed:
            client._count_reads(max(1, len(found)), self._path[-1], len(found))
        return found

    def stream(
        self, transaction: Any = None, retry: Any = None, timeout: Any = None, **kwargs: Any
    ) -> Iterator[DocumentSnapshot]:
        yield from self._run(kwargs.get("read_time"))

    def get(
        self, transaction: Any = None, retry: Any = None, timeout: Any = None, **kwargs: Any
    ) -> list[DocumentSnapshot]:
        return self._run(kwargs.get("read_time"))

    def count(self, alias: str | None = None) -> AggregationQuery:
        return AggregationQuery(self).count(alias)

    def sum(self, field_ref: str, alias: str | None = None) -> AggregationQuery:
        return AggregationQuery(self).sum(field_ref, alias)

    def avg(self, field_ref: str, alias: str | None = None) -> AggregationQuery:
        return AggregationQuery(self).avg(field_ref, alias)


class _Desc:
    """Reverses the order of a sort key part."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.key < self.key)

    def __gt__(self, other: _Desc) -> bool:
        return bool(other.key > self.key)

    def __le__(self, other: _Desc) -> bool:
        return bool(other.key <= self.key)

    def __ge__(self, other: _Desc) -> bool:
        return bool(other.key >= self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


class AggregationQuery:
    """count / sum / avg over a query, in one round trip; billed one read per 1,000 entries."""

    def __init__(self, query: Query) -> None:
        self._query = query
        self._aggregations: list[tuple[str, str | None, str | None]] = []

    def _add(self, kind: str, field_ref: str | None, alias: str | None) -> AggregationQuery:
        self._aggregations.append((kind, field_ref, alias))
        return self

    def count(self, alias: str | None = None) -> AggregationQuery:
        return self._add("count", None, alias)

    def sum(self, field_ref: str, alias: str | None = None) -> AggregationQuery:
        return self._add("sum", str(field_ref), alias)

    def avg(self, field_ref: str, alias: str | None = None) -> AggregationQuery:
        return self._add("avg", str(field_ref), alias)

    def get(
        self, transaction: Any = None, retry: Any = None, timeout: Any = None, **kwargs: Any
    ) -> list[list[AggregationResult]]:
        client = self._query._client
        read_time = kwargs.get("read_time")
        rows = self._query._run(read_time, billed=False)
        client._count_reads(
            max(1, math.ceil(len(rows) / 1000)), self._query._path[-1], aggregated=max(1, len(rows))
        )
        results = []
        for number, (kind, field_ref, alias) in enumerate(self._aggregations, start=1):
            name = alias or f"field_{number}"
            if kind == "count":
                value: Any = len(rows)
            else:
                numbers = [
                    v
                    for s in rows
                    if isinstance(v := lookup(s._data or {}, str(field_ref)), int | float)
                    and not isinstance(v, bool)
                ]
                if kind == "sum":
                    value = sum(numbers) if numbers else 0
                else:
                    value = sum(numbers) / len(numbers) if numbers else None
            results.append(AggregationResult(name, value, client._now()))
        return [results]

    def stream(
        self, transaction: Any = None, retry: Any = None, timeout: Any = None, **kwargs: Any
    ) -> Iterator[list[AggregationResult]]:
        yield from self.get(transaction, retry, timeout, **kwargs)


class CollectionReference(Query):
    """A collection: documents in it, and queries over it."""

    def __init__(self, client: RecordingClient, path: tuple[str, ...]) -> None:
        if len(path) % 2 == 0:
            raise ValueError(f"not a collection path: {'/'.join(path)}")
        super().__init__(client, path)

    @property
    def id(self) -> str:
        return self._path[-1]

    @property
    def parent(self) -> DocumentReference | None:
        return DocumentReference(self._client, self._path[:-1]) if len(self._path) > 1 else None

    def document(self, document_id: str | None = None) -> DocumentReference:
        return DocumentReference(
            self._client, (*self._path, document_id or self._client._auto_id(self._path))
        )

    def add(
        self, document_data: Doc, document_id: str | None = None, **_: Any
    ) -> tuple[datetime, DocumentReference]:
        ref = self.document(document_id)
        return ref.create(document_data).update_time, ref

    def list_documents(self, page_size: int | None = None, **_: Any) -> Iterator[DocumentReference]:
        ids = self._client._child_ids(self._path)
        self._client._count_reads(max(1, len(ids)), self._path[-1])
        for doc_id in sorted(ids):
            yield DocumentReference(self._client, (*self._path, doc_id))


# ---------------------------------------------------------------------------------------------
# batches and transactions


@dataclass
class _Op:
    op: str
    ref: DocumentReference
    data: Doc | None
    merge: bool = False
    option: Any = None


class WriteBatch:
    """Writes applied together at commit, all or none."""

    def __init__(self, client: RecordingClient, kind: str = "batch") -> None:
        self._client = client
        self._kind = kind
        self._ops: list[_Op] = []

    def __len__(self) -> int:
        return len(self._ops)

    def create(self, reference: DocumentReference, document_data: Doc) -> WriteBatch:
        self._ops.append(_Op("create", reference, document_data))
        return self

    def set(self, reference: DocumentReference, document_data: Doc, merge: bool = False) -> WriteBatch:
        self._ops.append(_Op("set", reference, document_data, merge=bool(merge)))
        return self

    def update(self, reference: DocumentReference, field_updates: Doc, option: Any = None) -> WriteBatch:
        self._ops.append(_Op("update", reference, field_updates, option=option))
        return self

    def delete(self, reference: DocumentReference, option: Any = None) -> WriteBatch:
        self._ops.append(_Op("delete", reference, None, option=option))
        return self

    def commit(self, retry: Any = None, timeout: Any = None) -> list[WriteResult]:
        ops, self._ops = self._ops, []
        return self._client._commit(ops, self._kind)

    def __enter__(self) -> WriteBatch:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()


class Transaction(WriteBatch):
    """A transaction as `firestore.transactional` drives it: reads first, then writes committed
    together, aborted (and retried by the decorator) if a document read changed meanwhile."""

    def __init__(self, client: RecordingClient, max_attempts: int = 5, read_only: bool = False) -> None:
        super().__init__(client, "transaction")
        self._max_attempts = max_attempts
        self._read_only = read_only
        self._id: bytes | None = None
        self._read: dict[tuple[str, ...], datetime | None] = {}
        self._numbers = 0

    @property
    def in_progress(self) -> bool:
        return self._id is not None

    @property
    def id(self) -> bytes | None:
        return self._id

    def _clean_up(self) -> None:
        self._ops = []
        self._id = None
        self._read = {}

    def _begin(self, retry_id: bytes | None = None) -> None:
        self._numbers += 1
        self._id = f"tx{self._numbers}".encode()

    def _rollback(self) -> None:
        self._clean_up()

    def _commit(self) -> list[WriteResult]:
        ops, read = self._ops, self._read
        with self._client._lock:
            for path, seen in read.items():
                current = self._client._current(path)
                if (current.update_time if current and current.data is not None else None) != seen:
                    self._clean_up()
                    raise gexc.Aborted("a document read in the transaction changed")
            results = self._client._commit(ops, self._kind) if ops else []
        self._clean_up()
        return results

    def get_all(self, references: Iterable[DocumentReference], **_: Any) -> Iterator[DocumentSnapshot]:
        if self._ops:
            raise gexc.InvalidArgument("a transaction reads before it writes")
        snapshots = self._client._read(list(references), None)
        for snapshot in snapshots:
            self._read[snapshot.reference._path] = snapshot.update_time if snapshot.exists else None
        yield from snapshots

    def get(self, ref_or_query: Any, **kwargs: Any) -> Any:
        if isinstance(ref_or_query, DocumentReference):
            return next(iter(self.get_all([ref_or_query])))
        return ref_or_query.stream()

    def commit(self, retry: Any = None, timeout: Any = None) -> list[WriteResult]:
        return self._commit()


# ---------------------------------------------------------------------------------------------
# the client


def _set_path(target: Doc, parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[parts[-1]] = value


def _resolve(value: Any, current: Any, now: datetime) -> Any:  # noqa: PLR0911 - one answer per transform
    """A written value with its transform applied against the field's current value."""
    if value is transforms.SERVER_TIMESTAMP:
        return now
    if isinstance(value, transforms.Increment):
        base = current if isinstance(current, int | float) and not isinstance(current, bool) else 0
        return base + value.value
    if isinstance(value, transforms.Maximum | transforms.Minimum):
        if not isinstance(current, int | float) or isinstance(current, bool):
            return value.value
        pick = max if isinstance(value, transforms.Maximum) else min
        return pick(current, value.value)
    if isinstance(value, transforms.ArrayUnion):
        items = list(current) if isinstance(current, list) else []
        return items + [v for v in value.values if not any(_equal(v, b) for b in items)]
    if isinstance(value, transforms.ArrayRemove):
        items = list(current) if isinstance(current, list) else []
        return [b for b in items if not any(_equal(v, b) for v in value.values)]
    if isinstance(value, dict):
        return {k: _resolve(v, _MISSING, now) for k, v in value.items() if v is not transforms.DELETE_FIELD}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _merge(target: Doc, data: Doc, now: datetime) -> None:
    """set(merge=True): the fields given replace theirs, nested maps merged into theirs."""
    for name, value in data.items():
        if value is transforms.DELETE_FIELD:
            target.pop(name, None)
        elif isinstance(value, dict) and value and not _is_transform(value):
            child = target.get(name)
            if not isinstance(child, dict):
                child = target[name] = {}
            _merge(child, value, now)
        else:
            target[name] = _resolve(value, target.get(name, _MISSING), now)


def _update(target: Doc, updates: Doc, now: datetime) -> None:
    """update(): each key a field path whose value is replaced (maps included)."""
    for name, value in updates.items():
        parts = _field_path(name)
        if value is transforms.DELETE_FIELD:
            parent: Any = target
            for part in parts[:-1]:
                parent = parent.get(part) if isinstance(parent, dict) else None
            if isinstance(parent, dict):
                parent.pop(parts[-1], None)
            continue
        current = lookup(target, name)
        _set_path(target, parts, _resolve(value, current, now))


class RecordingClient:
    """The in-memory Firestore the model drives the adapters against (see the module docstring)."""

    def __init__(self, indexes: IndexModel, clock: Callable[[], datetime], seed: int = 0) -> None:
        self.project = "capacity-model"
        self.indexes = indexes
        self._clock = clock
        self._seed = seed
        self._randoms: dict[str, random.Random] = {}
        self._lock = threading.RLock()
        # collection path -> document id -> versions, oldest first
        self._collections: dict[tuple[str, ...], dict[str, list[_Version]]] = {}
        self._last_commit: datetime | None = None
        self.context: Any = None
        self.writes: list[Write] = []
        self.commits: list[Commit] = []
        self.reads: Counter[Any] = Counter()
        self.scanned: Counter[tuple[Any, str, str]] = Counter()  # (context, collection id, how)
        self.listeners: list[Callable[[list[Write]], None]] = []
        # (collection, field) -> equality key -> ids: built when a query first filters on it
        self._value_index: dict[tuple[tuple[str, ...], str], dict[Any, set[str]]] = {}
        self.recording = True

    # ---- the client's surface ----

    def collection(self, *collection_path: str) -> CollectionReference:
        return CollectionReference(self, tuple("/".join(collection_path).split("/")))

    def document(self, *document_path: str) -> DocumentReference:
        return DocumentReference(self, tuple("/".join(document_path).split("/")))

    def collection_group(self, collection_id: str) -> Query:
        return Query(self, (collection_id,), all_descendants=True)

    def collections(self, **_: Any) -> Iterator[CollectionReference]:
        yield from self._subcollections(())

    def batch(self) -> WriteBatch:
        return WriteBatch(self)

    def transaction(self, max_attempts: int = 5, read_only: bool = False) -> Transaction:
        return Transaction(self, max_attempts, read_only)

    def get_all(
        self,
        references: Iterable[DocumentReference],
        field_paths: Iterable[str] | None = None,
        transaction: Transaction | None = None,
        retry: Any = None,
        timeout: Any = None,
        read_time: datetime | None = None,
    ) -> Iterator[DocumentSnapshot]:
        if transaction is not None:
            yield from transaction.get_all(references)
            return
        yield from self._read(list(references), read_time)

    @staticmethod
    def write_option(**kwargs: Any) -> Any:
        return _option(kwargs)

    # ---- storage ----

    def _now(self) -> datetime:
        return self._clock()

    def _auto_id(self, collection: tuple[str, ...]) -> str:
        # One sequence per collection, so that runs that create the same documents in the same
        # order give them the same ids whatever else they write.
        name = "/".join(collection)
        if name not in self._randoms:
            self._randoms[name] = random.Random(f"{self._seed}/{name}")
        rng = self._randoms[name]
        return "".join(rng.choice(_AUTO_ID) for _ in range(20))

    def _count_reads(self, n: int, group: str, documents: int | None = None, aggregated: int = 0) -> None:
        """Billed reads; and, by collection, documents read or index entries aggregated."""
        if self.recording:
            self.reads[self.context] += n
            if aggregated:
                self.scanned[(self.context, group, "aggregated")] += aggregated
            else:
                self.scanned[(self.context, group, "documents")] += n if documents is None else documents

    def _versions(self, path: tuple[str, ...]) -> list[_Version] | None:
        return self._collections.get(path[:-1], {}).get(path[-1])

    def _current(self, path: tuple[str, ...]) -> _Version | None:
        versions = self._versions(path)
        return versions[-1] if versions else None

    def _as_of(self, versions: list[_Version] | None, read_time: datetime | None) -> _Version | None:
        if not versions:
            return None
        if read_time is None or read_time >= self._clock():
            return versions[-1]
        for version in reversed(versions):
            if version.update_time <= read_time:
                return version
        return None

    def _read(self, refs: list[DocumentReference], read_time: datetime | None) -> list[DocumentSnapshot]:
        now = self._now()
        with self._lock:
            found = []
            for ref in refs:
                version = self._as_of(self._versions(ref._path), read_time)
                data = version.data if version is not None else None
                found.append(
                    DocumentSnapshot(
                        ref,
                        _copy(data),
                        version.create_time if version is not None and data is not None else None,
                        version.update_time if version is not None and data is not None else None,
                        now,
                    )
                )
        for ref in refs:
            self._count_reads(1, ref._path[-2])
        return found

    def _scan(
        self,
        path: tuple[str, ...],
        all_descendants: bool,
        filters: tuple[Any, ...],
        read_time: datetime | None,
    ) -> list[tuple[tuple[str, ...], _Version]]:
        """The documents a query considers: every one of its collection(s), or, for the latest
        state of one collection, those its equality filters pick out of a value index."""
        if all_descendants:
            collections = [c for c in self._collections if c[-1] == path[-1]]
        else:
            collections = [path] if path in self._collections else []
        latest = read_time is None or read_time >= self._clock()
        equalities = [f for f in filters if isinstance(f, _Filter) and f.op in ("==", "IS_NULL")]
        found = []
        for collection in collections:
            docs = self._collections[collection]
            ids: Iterable[str] = docs
            if latest and equalities and not all_descendants:
                picked = [
                    self._equal_ids(collection, f.field, None if f.op == "IS_NULL" else f.value)
                    for f in equalities
                ]
                ids = sorted(set.intersection(*picked)) if picked else docs
            for doc_id in ids:
                version = self._as_of(docs[doc_id], read_time)
                if version is not None and version.data is not None:
                    found.append(((*collection, doc_id), version))
        return found

    def _equal_ids(self, collection: tuple[str, ...], field_path: str, value: Any) -> set[str]:
        index = self._value_index.get((collection, field_path))
        if index is None:
            index = self._value_index[(collection, field_path)] = defaultdict(set)
            for doc_id, versions in self._collections.get(collection, {}).items():
                if versions[-1].data is not None:
                    self._index_value(index, versions[-1].data, field_path, doc_id, add=True)
        try:
            return set(index.get(_equality_key(value), ()))
        except TypeError:  # an unhashable value: no shortcut
            return set(self._collections.get(collection, {}))

    @staticmethod
    def _index_value(index: dict[Any, set[str]], data: Doc, field_path: str, doc_id: str, add: bool) -> None:
        value = lookup(data, field_path)
        if value is _MISSING:
            return
        key = _equality_key(value)
        if add:
            index[key].add(doc_id)
        else:
            index[key].discard(doc_id)

    def _reindex(self, path: tuple[str, ...], before: Doc | None, after: Doc | None) -> None:
        for (collection, field_path), index in self._value_index.items():
            if collection == path[:-1]:
                if before is not None:
                    self._index_value(index, before, field_path, path[-1], add=False)
                if after is not None:
                    self._index_value(index, after, field_path, path[-1], add=True)

    def _child_ids(self, path: tuple[str, ...]) -> set[str]:
        """Ids of the documents in a collection, and of missing ones that have subcollections."""
        with self._lock:
            ids = {i for i, v in self._collections.get(path, {}).items() if v[-1].data is not None}
            depth = len(path)
            for collection, docs in self._collections.items():
                below = len(collection) > depth + 1 and collection[:depth] == path
                if below and any(v[-1].data is not None for v in docs.values()):
                    ids.add(collection[depth])
            return ids

    def _subcollections(self, path: tuple[str, ...]) -> Iterator[CollectionReference]:
        depth = len(path)
        with self._lock:
            names = {
                c[depth]
                for c, docs in self._collections.items()
                if len(c) > depth and c[:depth] == path and any(v[-1].data is not None for v in docs.values())
            }
        for name in sorted(names):
            yield CollectionReference(self, (*path, name))

    def _commit_time(self) -> datetime:
        now = self._clock()
        if self._last_commit is not None and now <= self._last_commit:
            now = self._last_commit + timedelta(microseconds=1)
        self._last_commit = now
        return now

    def _commit(self, ops: list[_Op], kind: str) -> list[WriteResult]:
        with self._lock:
            at = self._commit_time()
            staged: dict[tuple[str, ...], _Version | None] = {}
            applied: list[tuple[_Op, _Version | None, _Version]] = []
            request_bytes = 0
            for op in ops:
                path = op.ref._path
                current = staged[path] if path in staged else self._current(path)
                exists = current is not None and current.data is not None
                self._check(op, current, exists)
                request_bytes += name_size(op.ref.path) + (value_size(op.data) if op.data else 0)
                if op.op == "delete":
                    data: Doc | None = None
                elif op.op == "create" or (op.op == "set" and not op.merge):
                    data = _resolve(op.data or {}, _MISSING, at)
                else:
                    data = _copy(current.data) if exists and current is not None else {}
                    assert data is not None
                    (_merge if op.op == "set" else _update)(data, op.data or {}, at)
                created = current.create_time if exists and current is not None else at
                version = _Version(data, created if data is not None else None, at, set())
                staged[path] = version
                applied.append((op, current if exists else None, version))
            writes = []
            for op, before, version in applied:
                path = op.ref._path
                version.entries = self.indexes.entries(op.ref.path, version.data)
                self._collections.setdefault(path[:-1], {}).setdefault(path[-1], []).append(version)
                self._reindex(path, before.data if before is not None else None, version.data)
                old = before.entries if before is not None else set()
                added = version.entries - old
                writes.append(
                    Write(
                        path=op.ref.path,
                        op=op.op,
                        before=_copy(before.data) if before is not None else None,
                        after=_copy(version.data),
                        at=at,
                        commit=len(self.commits),
                        context=self.context,
                        size=document_size(op.ref.path, version.data) if version.data is not None else 0,
                        transforms=_count_transforms(op.data or {}),
                        added=[(e.range, sequential(e, at)) for e in added],
                        removed=len(old - version.entries),
                    )
                )
            if self.recording:
                self.commits.append(
                    Commit(len(self.commits), at, kind, len(ops), request_bytes, self.context)
                )
                self.writes.extend(writes)
        for listener in self.listeners:
            listener(writes)
        results = [WriteResult(at) for _ in ops]
        for result, (op, _, version) in zip(results, applied, strict=True):
            # What Firestore returns for each top-level transform: the field's value after it.
            result.transform_results = [
                _helpers.encode_value(version.data[name])
                for name, value in (op.data or {}).items()
                if _is_transform(value) and version.data is not None and name in version.data
            ]
        return results

    @staticmethod
    def _check(op: _Op, current: _Version | None, exists: bool) -> None:
        option = op.option
        if op.op == "create" and exists:
            raise gexc.AlreadyExists(f"Document already exists: {op.ref.path}")
        if option is not None:
            last = getattr(option, "_last_update_time", None)
            if last is not None and (not exists or current is None or current.update_time != last):
                raise gexc.FailedPrecondition(f"{op.ref.path} changed since {last}")
            must_exist = getattr(option, "_exists", None)
            if must_exist is not None and must_exist != exists:
                raise (gexc.NotFound if must_exist else gexc.AlreadyExists)(op.ref.path)
        elif op.op == "update" and not exists:
            raise gexc.NotFound(f"No document to update: {op.ref.path}")


def _option(kwargs: dict[str, Any]) -> Any:
    if "last_update_time" in kwargs:
        return _helpers.LastUpdateOption(kwargs["last_update_time"])
    if "exists" in kwargs:
        return _helpers.ExistsOption(kwargs["exists"])
    raise TypeError(f"unknown write option {kwargs}")
