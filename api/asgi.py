"""Entry point for ASGI servers: `uvicorn --factory api.asgi:create_app_from_env`."""

from __future__ import annotations

from starlette.applications import Starlette

from api.app import create_app
from api.gc_tuning import tune_for_serving
from core.platform.logs import configure_logging
from core.platform.settings import Settings


def create_app_from_env() -> Starlette:
    settings = Settings.from_env()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)
    app = create_app(settings)
    tune_for_serving()
    return app
