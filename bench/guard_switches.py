"""Bench-only switches that turn one guard off, for the "off" side of a guard's on/off pair.

    BENCH_GUARDS_OFF=metrics,access_log uvicorn --factory bench.guard_switches:create_app_from_env

The product never reads BENCH_GUARDS_OFF: this factory applies the switches (replacing the
guard's code in this process only) and then builds the app exactly as api.asgi does. Guards that
have a setting of their own are turned off by that setting ("0"), not here. A switch whose
target has moved fails at start-up, never silently measures the guard on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette

from bench.harness import GUARDS_OFF_ENV

# Guards with a setting of their own: off is that setting at 0.
BY_SETTING = {
    "hook_rate_limit": {"HOOK_RATE_LIMIT": "0"},
    "api_rate_limit": {"API_RATE_LIMIT": "0"},
    "cost_limit": {"API_COST_PER_MINUTE": "0"},
}


def _patch(owner: Any, name: str, replacement: object) -> None:
    if not hasattr(owner, name):
        raise RuntimeError(f"guard switch: {owner!r} has no {name}; update bench/guard_switches.py")
    setattr(owner, name, replacement)


def _metrics_off(app: Starlette | None) -> None:
    import api.rest.hooks as hooks
    from core.platform.metrics import Metrics

    def nothing(*args: object, **kwargs: object) -> None:
        return None

    for method in ("inc", "observe", "set"):
        _patch(Metrics, method, nothing)
    _patch(hooks, "observe_hook_request", nothing)


def _validation_off(app: Starlette | None) -> None:
    import core.triggers.firing as firing

    async def no_violations(*args: object, **kwargs: object) -> list[object]:
        return []

    _patch(firing, "payload_violations", no_violations)


def _body_limits_off(app: Starlette | None) -> None:
    """The hook body read without its size cap and time limit, GraphQL's without BodyLimit (and
    bench/serve.py leaves out the header deadline protocol)."""
    import api.rest.hooks as hooks
    from api.body_limit import BodyLimit

    async def read_whole(scope: Any, receive: Any, **limits: object) -> bytes:
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)

    _patch(hooks, "read_limited_body", read_whole)
    if app is not None:
        for route in app.routes:
            endpoint = getattr(route, "app", None)
            if isinstance(endpoint, BodyLimit):
                route.app = endpoint.app  # type: ignore[attr-defined]


def _access_log_off(app: Starlette | None) -> None:
    from api.access_log import AccessLog

    if app is not None:
        kept = [m for m in app.user_middleware if m.cls is not AccessLog]
        if len(kept) == len(app.user_middleware):
            raise RuntimeError("guard switch: no AccessLog middleware to take out")
        app.user_middleware = kept


def _live_publish_off(app: Starlette | None) -> None:
    from core.live.hub import RedisPublisher

    async def publish_nothing(self: object, events: object) -> None:
        return None

    _patch(RedisPublisher, "__call__", publish_nothing)


def _api_key_check_off(app: Starlette | None) -> None:
    """Each presented key is verified once, then believed for the life of the process."""
    from core.access.api_keys import KeyVerifier

    verify = KeyVerifier.verify
    believed: dict[str | None, Any] = {}

    async def believe(self: KeyVerifier, raw: str | None) -> Any:
        if raw not in believed:
            believed[raw] = await verify(self, raw)
        return believed[raw]

    _patch(KeyVerifier, "verify", believe)


# Applied before the app is built (app None), then again with the app.
BY_PATCH: dict[str, Callable[[Starlette | None], None]] = {
    "metrics": _metrics_off,
    "validation": _validation_off,
    "body_limits": _body_limits_off,
    "access_log": _access_log_off,
    "live_publish": _live_publish_off,
    "api_key_check": _api_key_check_off,
}

GUARDS = (*BY_SETTING, *BY_PATCH)


def env_with_off(guard: str | None) -> dict[str, str]:
    """The environment additions that turn `guard` off (none for None: every guard on)."""
    if guard is None:
        return {}
    if guard in BY_SETTING:
        return BY_SETTING[guard]
    if guard in BY_PATCH:
        return {GUARDS_OFF_ENV: guard}
    raise ValueError(f"unknown guard {guard!r}; one of {', '.join(GUARDS)}")


def switched_off() -> list[str]:
    names = [n.strip() for n in os.environ.get(GUARDS_OFF_ENV, "").split(",") if n.strip()]
    unknown = [n for n in names if n not in BY_PATCH]
    if unknown:
        raise RuntimeError(f"{GUARDS_OFF_ENV}: unknown switch(es) {unknown}")
    return names


def create_app_from_env() -> Starlette:
    from api.asgi import create_app_from_env as create_product_app

    names = switched_off()
    for name in names:
        BY_PATCH[name](None)
    app = create_product_app()
    for name in names:
        BY_PATCH[name](app)
    return app
