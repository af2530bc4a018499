"""Clients to Google services, made lazily: once per instance, on first use, safe across threads.

Nothing here runs at import time, so a cold start pays only for what a request needs.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import firebase_admin
    from google.cloud import firestore, storage  # type: ignore[attr-defined]


class Lazy[T]:
    """A value built by factory on first get(), exactly once even under concurrent requests."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        """The value, built now if this is the first call."""
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
        return self._value


def project_id() -> str:
    """The Google Cloud project the code runs for."""
    for name in ("GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT"):
        if os.environ.get(name):
            return os.environ[name]
    raise RuntimeError("GCLOUD_PROJECT is not set")


def bucket_name(override: str = "", environ: Mapping[str, str] = os.environ) -> str:
    """The Cloud Storage bucket for design files: the one named (the DESIGNS_BUCKET param), else the
    project's default bucket as Firebase gives it to functions (FIREBASE_CONFIG.storageBucket: a
    `<project>.firebasestorage.app` for projects made since late 2024), else STORAGE_BUCKET (set by
    scripts/with-emulators for code run beside the stack)."""
    if override:
        return override
    config = environ.get("FIREBASE_CONFIG", "")
    try:
        bucket = json.loads(config).get("storageBucket") if config.startswith("{") else None
    except ValueError:
        bucket = None
    found = bucket or environ.get("STORAGE_BUCKET")
    if not found:
        raise RuntimeError("No Storage bucket: FIREBASE_CONFIG has none; set the DESIGNS_BUCKET param")
    return str(found)


def _firestore() -> firestore.Client:
    from google.cloud import firestore

    # Not firebase_admin.firestore.client(): that one demands credentials even in the emulator.
    return firestore.Client(project=project_id())


def _admin_app() -> firebase_admin.App:
    import firebase_admin

    # The Firestore trigger wrapper may already have made the default app in this instance.
    if firebase_admin._DEFAULT_APP_NAME in firebase_admin._apps:
        return firebase_admin.get_app()
    return firebase_admin.initialize_app(options={"projectId": project_id()})


def _storage() -> storage.Client:
    from google.cloud import storage  # type: ignore[attr-defined]  # namespace package

    if os.environ.get("STORAGE_EMULATOR_HOST"):
        from google.auth.credentials import AnonymousCredentials

        return storage.Client(project=project_id(), credentials=AnonymousCredentials())
    return storage.Client(project=project_id())


firestore_client: Lazy[firestore.Client] = Lazy(_firestore)
admin_app: Lazy[firebase_admin.App] = Lazy(_admin_app)
storage_client: Lazy[storage.Client] = Lazy(_storage)
