"""HTML pages of the dashboard, each under a strict Content-Security-Policy.

The pages are files built by `make ui` (api/dashboard/static/). Without a build the server
still runs and answers every page with one that says how to build it, as Dagster does: the API,
GraphQL and hooks need no Node.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).parent / "static"
INDEX_PAGE = "index.html"
GRAPHIQL_PAGE = "graphiql.html"

# A Host header fit to be echoed into the policy (host, IPv4, [IPv6], optional port); anything
# else gets 'self' alone rather than a header built from caller-chosen text.
_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")


def content_security_policy(connection: HTTPConnection) -> str:
    """No inline script or style, nothing from another origin. The live list's websocket is
    named by scheme and host: CSP Level 2 browsers do not let 'self' cover ws: and wss:."""
    host = connection.headers.get("host", "")
    sockets = f" ws://{host} wss://{host}" if _HOST.fullmatch(host) else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{sockets}",
            "worker-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def page_headers(connection: HTTPConnection) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(connection),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        # The page names hashed assets: revalidate it so that a new build shows at once.
        "Cache-Control": "no-cache",
    }


_pages: dict[tuple[str, int], bytes] = {}


def _read_page(name: str) -> bytes | None:
    """The built page, kept in memory after its first read (until the file changes: `make ui`
    while a dev server runs). A stat per request, not a read."""
    path = STATIC_DIR / name
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    cached = _pages.get((name, stamp))
    if cached is None:
        cached = path.read_bytes()
        _pages[(name, stamp)] = cached
    return cached


def dashboard_page(connection: HTTPConnection, name: str = INDEX_PAGE) -> Response:
    content = _read_page(name)
    if content is None:
        return HTMLResponse(not_built_page(name), headers=page_headers(connection))
    return HTMLResponse(content, headers=page_headers(connection))


def not_built_page(name: str) -> str:
    what = "GraphiQL" if name == GRAPHIQL_PAGE else "The dashboard"
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{what} is not built</title></head>
<body>
<main>
<h1>{what} is not built</h1>
<p>This installation has no built dashboard ({html.escape(str(STATIC_DIR / name))} is missing).
The API works without it: GraphQL at <a href="/graphql">/graphql</a> (POST, with an
<code>X-API-Key</code> header), the REST shim's docs at <a href="/docs">/docs</a>.</p>
<p>To build it (Node 20 and npm), from a checkout run <code>make ui</code> and restart the server.
Released packages ship it built.</p>
</main>
</body>
</html>
"""
