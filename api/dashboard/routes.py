"""Routes of the dashboard: its pages (client-side routed), its hashed assets, its root files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.dashboard.pages import INDEX_PAGE, STATIC_DIR, dashboard_page

# The single-page app's routes (UI-CONTRACT.md), each answered with index.html: the page's
# router shows the right screen, and a reload or a shared link lands on it.
PAGE_PATHS = (
    "/",
    "/signin",
    "/triggers",
    "/triggers/new",
    "/triggers/{id}",
    "/triggers/{id}/edit",
    "/try",
    "/events",
    "/events/{id}",
)
# Vite names every asset after a hash of its content: a name never changes content.
IMMUTABLE = "public, max-age=31536000, immutable"


class HashedAssets(StaticFiles):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)
        self._built = directory.is_dir()  # at start-up: a build is made before serving

    async def check_config(self) -> None:
        # No build: every asset is simply not found (404), not a server misconfiguration (503).
        if self._built:
            await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


async def index_page(request: Request) -> Response:
    return dashboard_page(request, INDEX_PAGE)


def root_file_paths() -> list[str]:
    return [f"/{name}" for name in _root_files()]


def _root_files() -> list[str]:
    """Files the build puts beside index.html (favicon and the like), not the pages."""
    if not STATIC_DIR.is_dir():
        return []
    return sorted(
        path.name
        for path in STATIC_DIR.iterdir()
        if path.is_file() and path.suffix != ".html" and not path.name.startswith(".")
    )


def dashboard_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [Route(path, index_page, methods=["GET"]) for path in PAGE_PATHS]
    routes.append(Mount("/assets", HashedAssets(STATIC_DIR / "assets")))
    for name in _root_files():
        routes.append(Route(f"/{name}", _root_file(name), methods=["GET", "HEAD"]))
    return routes


def _root_file(name: str) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        return FileResponse(STATIC_DIR / name, headers={"X-Content-Type-Options": "nosniff"})

    return serve
