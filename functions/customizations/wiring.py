"""Builds the app's object graph once per instance: clients, repository, service, HTTP app."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .clients import Lazy, bucket_name, firestore_client, storage_client

if TYPE_CHECKING:
    from flask import Flask

    from .events import EventBus
    from .fanout_store import Effects, FanoutStore
    from .repository import LiveReads
    from .service import CustomizationService


def _service() -> CustomizationService:
    from .directory import FirebaseUserDirectory
    from .fanout_store import FanoutStore
    from .file_service import FileService
    from .file_store import FileStore, emulated
    from .repository import CustomizationRepository
    from .service import CustomizationService, utc_now

    db = firestore_client.get()
    live = _live_reads()
    files = FileService(FileStore(db, storage_client.get(), bucket_name()), utc_now, emulated())
    return CustomizationService(
        CustomizationRepository(db, live), FanoutStore(db), files, FirebaseUserDirectory()
    )


def _live_reads() -> LiveReads | None:
    """This instance's listener-backed reads, unless LIVE_READS=off."""
    from .live import enabled
    from .repository import live_reads

    return live_reads(firestore_client.get()) if enabled() else None


service: Lazy[CustomizationService] = Lazy(_service)


def _app() -> Flask:
    from .api import create_app

    return create_app(service.get)


http_app: Lazy[Flask] = Lazy(_app)


def _bus() -> EventBus[Effects]:
    from .fanout import Fanout
    from .fanout_store import FanoutStore
    from .push import configured_sender

    email = os.environ.get("EMAIL_NOTIFICATIONS") == "true"
    return Fanout(FanoutStore(firestore_client.get()), configured_sender(), email).bus()


event_bus: Lazy[EventBus[Effects]] = Lazy(_bus)


def fanout_store() -> FanoutStore:
    """The fan-out's store on this instance's Firestore client."""
    from .fanout_store import FanoutStore

    return FanoutStore(firestore_client.get())
