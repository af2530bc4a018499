"""Writes the `fieldOverrides` of firestore.indexes.json from adapters/queries.py: an exemption for
every field in UNINDEXED, with the TTL policy on `expireAt` of every collection in RETAINED. The
composite `indexes` are left as they are. tests/unit/test_indexes.py fails when the file is stale.

    .venv/bin/python scripts/field_overrides.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "functions"))

from customizations.adapters.queries import RETAINED, TTL_FIELD, UNINDEXED  # noqa: E402


def main() -> None:
    path = ROOT / "firestore.indexes.json"
    config = json.loads(path.read_text())
    config["fieldOverrides"] = [
        {
            "collectionGroup": group,
            "fieldPath": field,
            **({"ttl": True} if field == TTL_FIELD and group in RETAINED else {}),
            "indexes": [],
        }
        for group, fields in UNINDEXED.items()
        for field in fields
    ]
    path.write_text(json.dumps(config, indent=2) + "\n")


if __name__ == "__main__":
    main()
