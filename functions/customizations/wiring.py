"""Builds the app's object graph once per instance: clients, repository, service, HTTP app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clients import Lazy, firestore_client

if TYPE_CHECKING:
    from flask import Flask

    from .service import CustomizationService


def _service() -> CustomizationService:
    from .directory import FirebaseUserDirectory
    from .repository import CustomizationRepository
    from .service import CustomizationService

    return CustomizationService(CustomizationRepository(firestore_client.get()), FirebaseUserDirectory())


service: Lazy[CustomizationService] = Lazy(_service)


def _app() -> Flask:
    from .api import create_app

    return create_app(service.get)


http_app: Lazy[Flask] = Lazy(_app)
