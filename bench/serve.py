"""Serve one ASGI app for a bench as `etp api` serves the product: the same uvicorn options.

    python -m bench.serve MODULE:APP --port N [--factory]

Every side of a comparison (etp, the raw baselines, the no-I/O ceilings) goes through this, so
they differ only in the app.
"""

from __future__ import annotations

import argparse
import os

import uvicorn

from api.serving import uvicorn_options
from bench.harness import GUARDS_OFF_ENV
from core.platform.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--factory", action="store_true")
    args = parser.parse_args()
    # Every side reads the same environment (the bench's), as `etp api` reads its own.
    options = uvicorn_options(Settings.from_env(dict(os.environ)))
    if "body_limits" in os.environ.get(GUARDS_OFF_ENV, ""):
        # Its "off" side: uvicorn's own protocol, without the header deadline and size cap.
        options["http"] = "httptools"
    uvicorn.run(
        args.app,
        factory=args.factory,
        host="127.0.0.1",
        port=args.port,
        proxy_headers=True,
        ws_per_message_deflate=False,
        **options,
    )


if __name__ == "__main__":
    main()
