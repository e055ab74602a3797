"""Entry point for ASGI servers: `uvicorn --factory api.asgi:create_app_from_env`."""

from __future__ import annotations

from starlette.applications import Starlette

from api.app import create_app
from core.logs import configure_logging
from core.settings import Settings


def create_app_from_env() -> Starlette:
    settings = Settings.from_env()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)
    return create_app(settings)
