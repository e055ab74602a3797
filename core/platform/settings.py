"""One settings object, read once at start-up from the environment and passed down.

Each setting is declared once, below: its field is its environment variable in lower case, and
its type, default and one line of help sit beside it. The README's settings table and
`etp config` are generated from these declarations (etp/settings_report.py).

Invalid values fail at start-up with one line naming the variable, never later at first use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import limits
from pydantic import (
    AfterValidator,
    AliasChoices,
    BeforeValidator,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

# GraphQL documents are small (GraphiQL's introspection query is about 3 KB); one is parsed only
# when it is at most this long, and a body (or websocket message) only when at most the larger
# of GRAPHQL_MAX_BODY_BYTES and the hook body limit plus a document.
GRAPHQL_MAX_DOCUMENT_BYTES = 64 * 1024
GRAPHQL_MAX_BODY_BYTES = 1024 * 1024


class SettingsError(ValueError):
    """A configuration value is missing, malformed or unsafe."""


def _rate(raw: str) -> str:
    """A rate in the `limits` notation ("1000/second", "100/minute"), or "0": no limit."""
    if raw != "0":
        try:
            limits.parse(raw)
        except ValueError:
            raise ValueError("must be a rate such as 1000/second or 100/minute (0: off)") from None
    return raw


def _stripped(raw: object) -> object:
    return raw.strip() if isinstance(raw, str) else raw


def _upper(raw: object) -> object:
    return raw.strip().upper() if isinstance(raw, str) else raw


def _lower(raw: object) -> object:
    return raw.strip().lower() if isinstance(raw, str) else raw


def _whole_number(raw: object) -> object:
    # pydantic alone would take "2.0" for 2; an operator who wrote a fraction meant something else.
    if isinstance(raw, str) and not raw.strip().lstrip("+-").isdigit():
        raise ValueError("must be a whole number")
    return raw


# The kinds of value settings take; pydantic parses environment text into them.
Positive = Annotated[int, BeforeValidator(_whole_number), Field(gt=0)]
# A count or budget where 0 turns the limit off.
CountOrOff = Annotated[int, BeforeValidator(_whole_number), Field(ge=0)]
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Rate = Annotated[str, BeforeValidator(_stripped), AfterValidator(_rate)]
TcpPort = Annotated[int, BeforeValidator(_whole_number), Field(gt=0, le=65535)]
Text = Annotated[str, BeforeValidator(_stripped)]
LogLevel = Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR"], BeforeValidator(_upper)]
LogFormat = Annotated[Literal["json", "text"], BeforeValidator(_lower)]


class Credentials:
    """Marks a setting whose value may carry a password: `etp config` masks it, and an error
    about it never repeats the value."""


# A server's URL, which may name a user and password; unset: the embedded server.
ServerUrl = Annotated[str | None, Credentials()]


def holds_credentials(name: str) -> bool:
    field = Settings.model_fields.get(name)
    return field is not None and any(isinstance(mark, Credentials) for mark in field.metadata)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True,
        case_sensitive=False,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
    )

    # Where the data lives.
    database_url: ServerUrl = Field(
        None,
        description="`postgres://user:pass@host:5432/db` (`?sslmode=require` or `verify-full` for TLS); unset: an embedded server (`etp dev` only)",
    )
    redis_url: ServerUrl = Field(
        None,
        description="`redis://host:6379/0` (or `rediss://`, `unix://`); unset: an embedded server (`etp dev` only)",
    )
    redis_prefix: Text = Field("etp", description="prefix of every Redis key this deployment uses")
    database_pool_size: Positive = Field(10, description="Postgres connections per process")
    # Named prepared statements would meet a server connection that never saw them behind a
    # pooler that hands each transaction another one (docs/deployment.md says when).
    database_prepared_statements: bool = Field(
        True,
        description="`false` behind PgBouncer in transaction mode (before 1.21): asyncpg's statement cache off",
    )
    etp_data_dir: Path = Field(
        Path(".etp"), description="embedded servers' data and logs, and `etp dev`'s API key"
    )
    event_active_seconds: Positive = Field(7200, description="age at which an event turns ARCHIVED")
    event_retention_seconds: Positive = Field(
        172800, description="age at which an event is gone (more than `EVENT_ACTIVE_SECONDS`)"
    )

    # Where it serves.
    host: Text = Field("127.0.0.1", description="where `etp api`/`etp dev` listen")
    port: TcpPort = Field(8000, description="the port `etp api`/`etp dev` listen on")
    public_url: str | None = Field(
        None, description="base of every `hookUrl` and of the dashboard; unset: `http://HOST:PORT`"
    )
    log_level: LogLevel = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_format: LogFormat = Field(
        "json", description="`json` lines, or `text` for a terminal (`etp dev` always writes text)"
    )
    # `etp worker` serves /healthz and /readyz on this port when set (workers/health_server.py).
    worker_health_port: TcpPort | None = Field(
        None,
        description="`etp worker` serves `/healthz`, `/readyz` and `/metrics` on this port (on `HOST`); unset: none",
    )

    # Hooks.
    hook_max_body_bytes: Positive = Field(256 * 1024, description="webhook body limit")
    # Concurrent hook requests are committed together; a batch closes at this size.
    ingest_max_batch: Positive = Field(
        256, description="concurrent hook requests committed in one transaction, at most"
    )
    # Request rates: far above what one person's tour or dashboard sends; there to stop floods.
    hook_rate_limit: Rate = Field(
        "1000/second",
        description="requests per hook token (`limits` notation such as `100/minute`; `0`: off); counted in Redis, in each process's memory while Redis is down",
    )
    # Each scheduled trigger costs the scheduler work.
    max_triggers_per_key: Positive = Field(
        1000, description="triggers one API key may keep; one more is a `FORBIDDEN` payload error"
    )

    # Reads.
    api_key_cache_seconds: Seconds = Field(
        5.0, description="how long a process trusts an API key it has looked up in Postgres"
    )
    # One caller's expensive filter must not hold a pooled connection and a core for minutes.
    query_timeout_seconds: Seconds = Field(
        5.0,
        description="longest any read may run (event lists and filters, counts, rates, triggers, the NDJSON export, live catch-up); past it Postgres cancels the read and the caller gets `QUERY_TIMEOUT` (GraphQL) or a `503` `query-timeout` problem (REST)",
    )
    # Never stale, but while hooks keep changing the log lookups mostly miss and raise p99
    # (docs/performance.md): off unless asked.
    event_list_cache: bool = Field(
        False,
        description="cache event-list results in Redis (one of the fast paths: only while `GRAPHQL_FAST_PATHS` is on)",
    )
    event_list_cache_seconds: Positive = Field(
        60, description="longest an event-list cache entry lives"
    )
    graphql_fast_paths: bool = Field(
        True,
        description="the GraphQL speed-ups (compiled selections, shared live results, the event list cache); `0` runs every operation through plain Strawberry, with the same results",
    )

    # GraphQL operations (api/graphql/transport/cost.py). triggers(first: 500) with every field costs
    # about 11,000, GraphiQL's introspection about 220.
    api_rate_limit: Rate = Field(
        "100/second", description="GraphQL operations per API key (`limits` notation; `0`: off)"
    )
    api_cost_per_minute: CountOrOff = Field(
        1_000_000, description="estimated cost an API key may spend per minute (`0`: off)"
    )
    # The price of more slices is more Redis calls; of fewer, a looser limit (docs/security.md).
    rate_limit_slices: Positive = Field(
        20,
        description="each process takes a caller's rate budget from Redis in slices of 1/this of the limit and spends them in memory; a limit may admit up to one slice per process more per window (docs/security.md)",
    )
    graphql_max_cost: Positive = Field(20_000, description="estimated cost of one operation")
    graphql_max_response_bytes: Positive = Field(
        8 * 1024 * 1024,
        description="longest GraphQL response (JSON bytes); a longer one is replaced by `RESPONSE_TOO_LARGE`",
    )
    graphql_introspection: bool = Field(
        True,
        description="introspection; on because it needs a key like any operation and the schema is public anyway (`schema.graphql`), and client tools rely on it",
    )
    graphiql: bool | None = Field(
        None,
        description="the GraphiQL page at `GET /graphql` (from the dashboard's build, no CDN); unset: on in `etp dev`, off in `etp api`",
    )

    # Live subscriptions and websockets (docs/security.md).
    live_queue_size: Positive = Field(
        1000,
        description="events a live subscriber may lag behind before it is dropped (it can resume with `after`)",
    )
    ws_max_subscriptions: Positive = Field(20, description="subscriptions per websocket")
    graphql_ws_legacy: bool = Field(
        False, description="also accept the legacy `graphql-ws` websocket protocol"
    )
    ws_max_connections: Positive = Field(
        2000, description="open websockets per API process (those without a key yet: a tenth)"
    )
    ws_max_connections_per_key: Positive = Field(
        100, description="open websockets per API key (or dashboard session's key)"
    )
    ws_max_unauthenticated_per_address: Positive = Field(
        10, description="websockets per client address that have not sent a key yet"
    )
    ws_init_timeout_seconds: Seconds = Field(
        3.0, description="a websocket must send `connection_init` within this time (4408)"
    )
    ws_max_init_message_bytes: Positive = Field(
        4096,
        description="longest websocket message before `connection_ack` (refused unread, 1009); after, the GraphQL body limit",
    )
    # Only clients with a wrong key or none reach it: a person re-opening a page does not.
    ws_connect_rate_limit: Rate = Field(
        "60/minute",
        description="per client address and API process: websockets that ended without ever showing a key or session; over it, keyless upgrades get `429` with `Retry-After` (`limits` notation; `0`: off; keyed connections never count)",
    )
    unknown_credential_rate_limit: Rate = Field(
        "120/minute",
        description="per client address and API process: answers for hook tokens and API keys that match nothing (`404`, `401`); over it, requests with a token or key get `429` with `Retry-After` before any lookup (`limits` notation; `0`: off)",
    )
    # None trusted unless named: a client could otherwise pick its own address. uvicorn's own
    # FORWARDED_ALLOW_IPS, which deployments set before this setting existed, still counts.
    trusted_proxies: Text = Field(
        "",
        validation_alias=AliasChoices("trusted_proxies", "forwarded_allow_ips"),
        description="reverse proxies whose `X-Forwarded-For` names the client (IPs or networks, comma-separated; `*` for any); unset: none, or `FORWARDED_ALLOW_IPS` if set",
    )

    # Slow clients (docs/security.md); the 408/431 answers close the connection.
    http_header_timeout_seconds: Seconds = Field(
        10.0, description="a request's headers must arrive within this time (`408`)"
    )
    http_max_header_bytes: Positive = Field(
        64 * 1024, description="a request's headers must stay under this size (`431`)"
    )
    http_read_timeout_seconds: Seconds = Field(
        30.0, description="a request body must arrive whole within this time (`408`)"
    )

    # Dashboard sign-ins (core/access/browser_sessions.py). Keys carry 256 random bits, so the
    # rate limit is against floods (each attempt is a database write), not guessing.
    session_max_age_seconds: Positive = Field(
        12 * 3600, description="how long a dashboard sign-in lasts"
    )
    session_rate_limit: Rate = Field(
        "60/minute", description="`POST /session` per client address (`limits` notation; `0`: off)"
    )

    # Outbound deliveries (core/deliveries/).
    delivery_allow_private: bool = Field(
        False,
        description="destinations may resolve to loopback, private and link-local addresses (`etp dev` allows it)",
    )
    delivery_disable_after_seconds: Positive = Field(
        5 * 24 * 3600,
        description="a destination that failed every attempt this long is disabled (Svix's 5 days)",
    )
    # A worker that died mid-attempt leaves its claim; tests shorten this.
    delivery_lease_margin_seconds: Seconds = Field(
        30.0,
        description="a claimed delivery is another worker's to send this long after its timeout",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, url: str | None) -> str | None:
        if url is None:
            return None
        scheme = urlsplit(url).scheme
        # Schemes are case-insensitive (RFC 3986); urlsplit lowercases them already.
        if scheme == "sqlite":
            raise ValueError(
                "must be a postgres:// URL: SQLite is no longer supported; leave DATABASE_URL"
                " unset and `etp dev` runs an embedded Postgres"
            )
        if scheme not in {"postgres", "postgresql"}:
            raise ValueError(f"must start with postgres://, not {scheme}://")
        return url

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: str | None) -> str | None:
        if url is not None and urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
            raise ValueError(
                f"must start with redis://, rediss:// or unix://, not {urlsplit(url).scheme}://"
            )
        return url

    @model_validator(mode="after")
    def _retention_outlives_activity(self) -> Settings:
        if self.event_retention_seconds <= self.event_active_seconds:
            raise ValueError(
                "EVENT_RETENTION_SECONDS must be greater than EVENT_ACTIVE_SECONDS "
                f"({self.event_retention_seconds} <= {self.event_active_seconds})"
            )
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Settings(...) holds what it is given and nothing else (tests and benches build it so);
        # the environment is read by from_env alone, from the mapping it is handed.
        return (init_settings,)

    @property
    def embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def embedded_redis(self) -> bool:
        return self.redis_url is None

    @property
    def log_json(self) -> bool:
        return self.log_format == "json"

    @property
    def graphql_max_body_bytes(self) -> int:
        """A GraphQL request body (HTTP) or websocket message, whichever carries it: room for a
        fireTrigger payload as large as a hook may send, plus the document around it."""
        return max(GRAPHQL_MAX_BODY_BYTES, self.hook_max_body_bytes + GRAPHQL_MAX_DOCUMENT_BYTES)

    @property
    def base_url(self) -> str:
        """Where clients reach this platform: PUBLIC_URL, or where it listens."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    def with_changes(self, **changes: object) -> Settings:
        return _validated(lambda: type(self).model_validate(self.model_dump() | changes))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        environment = _Environment(cls, os.environ if env is None else env)
        return _validated(lambda: cls(**environment()))


class _Environment(EnvSettingsSource):
    """pydantic-settings' own reading of environment variables (names, aliases, case), over the
    mapping it is given rather than always os.environ, so that tests and benches can hand one in."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._given = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # A blank value counts as unset, as it always has: `FOO=` in a compose file means "default".
        return {name.lower(): value for name, value in self._given.items() if value.strip()}


def _validated(build: Callable[[], Settings]) -> Settings:
    try:
        settings = build()
    except ValidationError as error:
        raise SettingsError("; ".join(_describe(problem) for problem in error.errors())) from None
    return settings


# pydantic's words for a bad value, in the operator's: what the variable must be.
_MUST_BE = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_parsing": "must be 1 or 0 (true/false, on/off)",
    "bool_type": "must be 1 or 0 (true/false, on/off)",
    "greater_than": "must be positive",
    "greater_than_equal": "must be 0 or more",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be {expected}",
    "path_type": "must be a path",
    "string_type": "must be text",
}


def _describe(problem: ErrorDetails) -> str:
    """One line per bad value: the variable, what it must be, and what it was."""
    if not problem["loc"]:  # a rule across settings: its message names them
        return str(problem["ctx"]["error"]) if "ctx" in problem else str(problem["msg"])
    variable = str(problem["loc"][0]).upper()
    kind = problem["type"]
    if kind == "value_error":
        must = str(problem["ctx"]["error"])
    elif kind in _MUST_BE:
        must = _MUST_BE[kind].format(**problem.get("ctx", {}))
    else:
        must = str(problem["msg"])
    if holds_credentials(str(problem["loc"][0])):
        return f"{variable} {must}"
    return f"{variable} {must}, got {problem['input']!r}"
