"""One settings object, read once at start-up from the environment and passed down.

Invalid values fail at start-up with a message naming the variable, never later at first use.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import limits

# GraphQL documents are small (GraphiQL's introspection query is about 3 KB); one is parsed only
# when it is at most this long, and a body (or websocket message) only when at most the larger
# of GRAPHQL_MAX_BODY_BYTES and the hook body limit plus a document.
GRAPHQL_MAX_DOCUMENT_BYTES = 64 * 1024
GRAPHQL_MAX_BODY_BYTES = 1024 * 1024


class SettingsError(ValueError):
    """A configuration value is missing, malformed or unsafe."""


@dataclass(frozen=True, slots=True)
class Settings:
    # None means embedded (`etp dev`): a Postgres and a Redis server under data_dir.
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".etp")
    event_active_seconds: int = 7200
    event_retention_seconds: int = 172800
    host: str = "127.0.0.1"
    port: int = 8000
    public_url_override: str | None = None
    hook_max_body_bytes: int = 256 * 1024
    # Concurrent hook requests are committed together; a batch closes at this size.
    ingest_max_batch: int = 256
    api_key_cache_seconds: float = 5.0
    database_pool_size: int = 10
    # Every read of the event log, triggers, counts and rates (GraphQL, the NDJSON export, live
    # catch-up, REST) is cancelled by Postgres after this long and answers QUERY_TIMEOUT: one
    # caller's expensive filter must not hold a pooled connection and a core for minutes.
    query_timeout_seconds: float = 5.0
    log_level: str = "INFO"
    log_json: bool = True
    redis_prefix: str = "etp"
    # Live subscriptions: events a subscriber may lag behind before it is dropped (it can resume
    # with `after`), subscriptions per websocket, and the legacy graphql-ws protocol (off).
    live_queue_size: int = 1000
    max_subscriptions_per_connection: int = 20
    legacy_graphql_ws: bool = False
    # Results of event-list queries cached in Redis (core/event_cache.py), never stale. A hit
    # costs a version probe and a Redis GET instead of executing the operation; while hooks keep
    # changing the log, lookups mostly miss and raise p99 (docs/performance.md). Off unless asked.
    event_list_cache: bool = False
    event_list_cache_seconds: int = 60
    # Everything that exists to outrun Strawberry (api/graphql/fast_paths/: compiled selections,
    # shared live results, the event list result cache). Off: every operation runs through plain
    # Strawberry, with the same results; for ruling them out when something looks wrong.
    graphql_fast_paths: bool = True
    # Request rates in the `limits` notation ("1000/second", "100/minute"; "0" turns one off):
    # per hook token, and per API key for GraphQL operations. Far above what one person's
    # tour or dashboard sends; there to stop floods.
    hook_rate_limit: str = "1000/second"
    # Triggers one API key may keep (each scheduled one costs the scheduler work).
    max_triggers_per_key: int = 1000
    api_rate_limit: str = "100/second"
    # Each API process takes a caller's budget from Redis in slices of 1/RATE_LIMIT_SLICES of the
    # limit and counts them in memory (api/budget_leases.py), so that requests do not wait for
    # Redis. The price: a limit may admit up to one slice per process more in one window
    # (docs/security.md). More slices: a tighter limit, more Redis calls.
    rate_limit_slices: int = 20
    # GraphQL operations (api/graphql/cost.py): the estimated cost one operation may have, and
    # what one API key may spend per minute (0: no budget). triggers(first: 500) with every
    # field costs about 11,000, GraphiQL's introspection about 220.
    graphql_max_cost: int = 20_000
    api_cost_per_minute: int = 1_000_000
    # A response whose JSON is longer is replaced by an error (RESPONSE_TOO_LARGE).
    graphql_max_response_bytes: int = 8 * 1024 * 1024
    # Introspection needs a key like every operation, and the schema is published anyway
    # (schema.graphql): on unless turned off. GraphiQL (the dashboard build's graphiql.html, no
    # CDN) is served only when asked for; None: on in `etp dev`, off in `etp api`.
    graphql_introspection: bool = True
    graphiql: bool | None = None
    # Open websockets per API process, authenticated or not; per API key (or the dashboard
    # session's key); and, for sockets that have not authenticated yet, per client address
    # (docs/security.md). A socket must send connection_init within the init timeout, and until
    # it is acknowledged its messages may be at most ws_max_init_message_bytes long.
    ws_max_connections: int = 2000
    ws_max_connections_per_key: int = 100
    ws_max_unauthenticated_per_address: int = 10
    ws_init_timeout_seconds: float = 3.0
    ws_max_init_message_bytes: int = 4096
    # Per client address and API process: websockets that ended without ever showing a key or
    # session (api/graphql/ws_connect_rate.py). A keyed client is never counted, so only
    # clients with a wrong key or none reach it: a person re-opening a page does not.
    ws_connect_rate_limit: str = "60/minute"
    # Addresses of reverse proxies whose X-Forwarded-For names the client (uvicorn's
    # forwarded_allow_ips: IPs or networks, comma-separated, "*" for any). None trusted unless
    # named: a client could otherwise pick its own address.
    trusted_proxies: str = ""
    # Slow clients (docs/security.md): a request's headers must arrive within the header timeout
    # of its first byte and stay under the size cap; a body must arrive whole within the read
    # timeout. The 408/431 answers close the connection.
    http_header_timeout_seconds: float = 10.0
    http_read_timeout_seconds: float = 30.0
    http_max_header_bytes: int = 64 * 1024
    # `etp worker` serves /healthz and /readyz on this port when set (workers/health_server.py).
    worker_health_port: int | None = None
    # Dashboard sign-ins (core/access/browser_sessions.py): how long one lasts, and how often one client
    # address may try to sign in. Keys carry 256 random bits, so the limit is against floods
    # (each attempt is a database write), not guessing.
    session_max_age_seconds: int = 12 * 3600
    session_rate_limit: str = "60/minute"
    # Outbound deliveries (core/deliveries/): whether destinations may resolve to loopback,
    # private and link-local addresses (`etp dev` allows it), and how long a destination may fail
    # every attempt before it is disabled (Svix's 5 days).
    delivery_allow_private: bool = False
    delivery_disable_after_seconds: int = 5 * 24 * 3600
    # A claimed delivery is another worker's to send this long after its timeout, when the
    # worker holding it died mid-attempt (tests shorten it).
    delivery_lease_margin_seconds: float = 30.0

    @property
    def embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def embedded_redis(self) -> bool:
        return self.redis_url is None

    @property
    def graphql_max_body_bytes(self) -> int:
        """A GraphQL request body (HTTP) or websocket message, whichever carries it: room for a
        fireTrigger payload as large as a hook may send, plus the document around it."""
        return max(GRAPHQL_MAX_BODY_BYTES, self.hook_max_body_bytes + GRAPHQL_MAX_DOCUMENT_BYTES)

    @property
    def public_url(self) -> str:
        if self.public_url_override:
            return self.public_url_override.rstrip("/")
        return f"http://{self.host}:{self.port}"

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        defaults = cls()
        settings = cls(
            database_url=_optional(env, "DATABASE_URL"),
            redis_url=_optional(env, "REDIS_URL"),
            data_dir=Path(env.get("ETP_DATA_DIR") or defaults.data_dir),
            event_active_seconds=_positive_int(
                env, "EVENT_ACTIVE_SECONDS", defaults.event_active_seconds
            ),
            event_retention_seconds=_positive_int(
                env, "EVENT_RETENTION_SECONDS", defaults.event_retention_seconds
            ),
            host=env.get("HOST") or defaults.host,
            port=_positive_int(env, "PORT", defaults.port),
            public_url_override=_optional(env, "PUBLIC_URL"),
            hook_max_body_bytes=_positive_int(
                env, "HOOK_MAX_BODY_BYTES", defaults.hook_max_body_bytes
            ),
            ingest_max_batch=_positive_int(env, "INGEST_MAX_BATCH", defaults.ingest_max_batch),
            api_key_cache_seconds=float(
                env.get("API_KEY_CACHE_SECONDS") or defaults.api_key_cache_seconds
            ),
            database_pool_size=_positive_int(
                env, "DATABASE_POOL_SIZE", defaults.database_pool_size
            ),
            log_level=(env.get("LOG_LEVEL") or defaults.log_level).upper(),
            log_json=(env.get("LOG_FORMAT") or "json").lower() != "text",
            redis_prefix=env.get("REDIS_PREFIX") or defaults.redis_prefix,
            live_queue_size=_positive_int(env, "LIVE_QUEUE_SIZE", defaults.live_queue_size),
            max_subscriptions_per_connection=_positive_int(
                env, "WS_MAX_SUBSCRIPTIONS", defaults.max_subscriptions_per_connection
            ),
            legacy_graphql_ws=_flag(env, "GRAPHQL_WS_LEGACY", defaults.legacy_graphql_ws),
            event_list_cache=_flag(env, "EVENT_LIST_CACHE", defaults.event_list_cache),
            graphql_fast_paths=_flag(env, "GRAPHQL_FAST_PATHS", defaults.graphql_fast_paths),
            event_list_cache_seconds=_positive_int(
                env, "EVENT_LIST_CACHE_SECONDS", defaults.event_list_cache_seconds
            ),
            max_triggers_per_key=_positive_int(
                env, "MAX_TRIGGERS_PER_KEY", defaults.max_triggers_per_key
            ),
            hook_rate_limit=_rate(env, "HOOK_RATE_LIMIT", defaults.hook_rate_limit),
            api_rate_limit=_rate(env, "API_RATE_LIMIT", defaults.api_rate_limit),
            rate_limit_slices=_positive_int(env, "RATE_LIMIT_SLICES", defaults.rate_limit_slices),
            graphql_max_cost=_positive_int(env, "GRAPHQL_MAX_COST", defaults.graphql_max_cost),
            api_cost_per_minute=_whole(env, "API_COST_PER_MINUTE", defaults.api_cost_per_minute),
            graphql_max_response_bytes=_positive_int(
                env, "GRAPHQL_MAX_RESPONSE_BYTES", defaults.graphql_max_response_bytes
            ),
            graphql_introspection=_flag(
                env, "GRAPHQL_INTROSPECTION", defaults.graphql_introspection
            ),
            graphiql=_flag(env, "GRAPHIQL", False) if env.get("GRAPHIQL", "").strip() else None,
            ws_max_connections=_positive_int(
                env, "WS_MAX_CONNECTIONS", defaults.ws_max_connections
            ),
            query_timeout_seconds=_positive_float(
                env, "QUERY_TIMEOUT_SECONDS", defaults.query_timeout_seconds
            ),
            ws_max_connections_per_key=_positive_int(
                env, "WS_MAX_CONNECTIONS_PER_KEY", defaults.ws_max_connections_per_key
            ),
            ws_max_unauthenticated_per_address=_positive_int(
                env,
                "WS_MAX_UNAUTHENTICATED_PER_ADDRESS",
                defaults.ws_max_unauthenticated_per_address,
            ),
            ws_init_timeout_seconds=_positive_float(
                env, "WS_INIT_TIMEOUT_SECONDS", defaults.ws_init_timeout_seconds
            ),
            ws_max_init_message_bytes=_positive_int(
                env, "WS_MAX_INIT_MESSAGE_BYTES", defaults.ws_max_init_message_bytes
            ),
            ws_connect_rate_limit=_rate(
                env, "WS_CONNECT_RATE_LIMIT", defaults.ws_connect_rate_limit
            ),
            # uvicorn's own FORWARDED_ALLOW_IPS, which deployments set before this setting
            # existed, still counts when TRUSTED_PROXIES is not given.
            trusted_proxies=(
                env.get("TRUSTED_PROXIES")
                or env.get("FORWARDED_ALLOW_IPS")
                or defaults.trusted_proxies
            ).strip(),
            http_header_timeout_seconds=_positive_float(
                env, "HTTP_HEADER_TIMEOUT_SECONDS", defaults.http_header_timeout_seconds
            ),
            http_read_timeout_seconds=_positive_float(
                env, "HTTP_READ_TIMEOUT_SECONDS", defaults.http_read_timeout_seconds
            ),
            http_max_header_bytes=_positive_int(
                env, "HTTP_MAX_HEADER_BYTES", defaults.http_max_header_bytes
            ),
            worker_health_port=_port(env, "WORKER_HEALTH_PORT"),
            session_max_age_seconds=_positive_int(
                env, "SESSION_MAX_AGE_SECONDS", defaults.session_max_age_seconds
            ),
            session_rate_limit=_rate(env, "SESSION_RATE_LIMIT", defaults.session_rate_limit),
            delivery_allow_private=_flag(
                env, "DELIVERY_ALLOW_PRIVATE", defaults.delivery_allow_private
            ),
            delivery_disable_after_seconds=_positive_int(
                env, "DELIVERY_DISABLE_AFTER", defaults.delivery_disable_after_seconds
            ),
            delivery_lease_margin_seconds=_positive_float(
                env, "DELIVERY_LEASE_MARGIN_SECONDS", defaults.delivery_lease_margin_seconds
            ),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.database_url is not None:
            scheme = urlsplit(self.database_url).scheme
            # Schemes are case-insensitive (RFC 3986); urlsplit lowercases them already.
            if scheme.upper() == "SQLITE":
                raise SettingsError(
                    "DATABASE_URL: SQLite is no longer supported; use a postgres:// URL, or"
                    " leave DATABASE_URL unset and `etp dev` runs an embedded Postgres"
                )
            if scheme not in {"postgres", "postgresql"}:
                raise SettingsError(f"DATABASE_URL must start with postgres://, got {scheme!r}")
        if self.redis_url is not None:
            scheme = urlsplit(self.redis_url).scheme
            if scheme not in {"redis", "rediss", "unix"}:
                raise SettingsError(
                    f"REDIS_URL must start with redis://, rediss:// or unix://, got {scheme!r}"
                )
        if self.event_retention_seconds <= self.event_active_seconds:
            raise SettingsError(
                "EVENT_RETENTION_SECONDS must be greater than EVENT_ACTIVE_SECONDS "
                f"({self.event_retention_seconds} <= {self.event_active_seconds})"
            )
        if self.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(
                f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {self.log_level!r}"
            )


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _TRUE | _FALSE:
        raise SettingsError(f"{name} must be 1 or 0 (true/false, on/off), got {raw!r}")
    return raw in _TRUE


def _port(env: Mapping[str, str], name: str) -> int | None:
    if not env.get(name, "").strip():
        return None
    value = _positive_int(env, name, 0)
    if value > 65535:
        raise SettingsError(f"{name} must be a TCP port (1-65535), got {value}")
    return value


def _rate(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if raw == "0":
        return raw
    try:
        limits.parse(raw)
    except ValueError:
        raise SettingsError(
            f"{name} must be a rate such as 1000/second or 100/minute (0: off), got {raw!r}"
        ) from None
    return raw


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    """A count where 0 turns the limit off."""
    raw = env.get(name, "").strip()
    if raw == "0":
        return 0
    return _positive_int(env, name, default)


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value < math.inf:
        raise SettingsError(f"{name} must be a positive number of seconds, got {raw!r}")
    return value
