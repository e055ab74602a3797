from __future__ import annotations

import pytest

from core.platform.settings import Settings, SettingsError


def test_defaults_are_embedded_with_the_documented_windows() -> None:
    settings = Settings.from_env({})
    assert settings.embedded_database and settings.embedded_redis
    assert (settings.event_active_seconds, settings.event_retention_seconds) == (7200, 172800)
    assert settings.base_url == "http://127.0.0.1:8000"
    assert settings.hook_max_body_bytes == 256 * 1024


def test_public_url_defaults_to_host_and_port() -> None:
    settings = Settings.from_env({"HOST": "0.0.0.0", "PORT": "9000"})
    assert settings.base_url == "http://0.0.0.0:9000"
    assert (
        Settings.from_env({"PUBLIC_URL": "https://etp.example.com/"}).base_url
        == "https://etp.example.com"
    )


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"EVENT_ACTIVE_SECONDS": "two hours"}, "EVENT_ACTIVE_SECONDS"),
        ({"EVENT_ACTIVE_SECONDS": "0"}, "EVENT_ACTIVE_SECONDS"),
        (
            {"EVENT_ACTIVE_SECONDS": "100", "EVENT_RETENTION_SECONDS": "50"},
            "EVENT_RETENTION_SECONDS",
        ),
        ({"PORT": "-1"}, "PORT"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"EVENT_LIST_CACHE": "maybe"}, "EVENT_LIST_CACHE"),
        ({"DATABASE_PREPARED_STATEMENTS": "sometimes"}, "DATABASE_PREPARED_STATEMENTS"),
        ({"WORKER_HEALTH_PORT": "http"}, "WORKER_HEALTH_PORT"),
        ({"WORKER_HEALTH_PORT": "0"}, "WORKER_HEALTH_PORT"),
        ({"WORKER_HEALTH_PORT": "70000"}, "WORKER_HEALTH_PORT"),
        ({"HTTP_READ_TIMEOUT_SECONDS": "0"}, "HTTP_READ_TIMEOUT_SECONDS"),
        ({"HTTP_READ_TIMEOUT_SECONDS": "inf"}, "HTTP_READ_TIMEOUT_SECONDS"),
        ({"HTTP_HEADER_TIMEOUT_SECONDS": "soon"}, "HTTP_HEADER_TIMEOUT_SECONDS"),
        ({"HTTP_HEADER_TIMEOUT_SECONDS": "nan"}, "HTTP_HEADER_TIMEOUT_SECONDS"),
        ({"HTTP_MAX_HEADER_BYTES": "-5"}, "HTTP_MAX_HEADER_BYTES"),
        ({"PORT": "80.0"}, "PORT"),
        ({"LIVE_QUEUE_SIZE": "1e3"}, "LIVE_QUEUE_SIZE"),
        ({"API_KEY_CACHE_SECONDS": "0"}, "API_KEY_CACHE_SECONDS"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ],
)
def test_bad_values_fail_fast_naming_the_variable(env: dict[str, str], mentions: str) -> None:
    with pytest.raises(SettingsError, match=mentions):
        Settings.from_env(env)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("1", True),
        ("on", True),
        ("0", False),
        ("off", False),
        ("NO", False),
    ],
)
def test_the_event_list_cache_is_off_unless_asked_for(value: str | None, expected: bool) -> None:
    env = {"EVENT_LIST_CACHE": value} if value is not None else {}
    assert Settings.from_env(env).event_list_cache is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, True), ("", True), ("true", True), ("false", False)]
)
def test_prepared_statements_are_on_unless_turned_off_for_a_pooler(
    value: str | None, expected: bool
) -> None:
    env = {"DATABASE_PREPARED_STATEMENTS": value} if value is not None else {}
    assert Settings.from_env(env).database_prepared_statements is expected


def test_graphql_limits_have_documented_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.graphql_max_cost == 20_000
    assert settings.api_cost_per_minute == 1_000_000
    assert settings.graphql_max_response_bytes == 8 * 1024 * 1024
    assert settings.graphql_introspection is True
    assert settings.graphiql is None  # the mode decides: on in etp dev, off in etp api
    assert settings.ws_max_connections == 2000


@pytest.mark.parametrize(
    ("env", "field", "expected"),
    [
        ({"GRAPHQL_MAX_COST": "500"}, "graphql_max_cost", 500),
        ({"API_COST_PER_MINUTE": "0"}, "api_cost_per_minute", 0),
        ({"GRAPHQL_MAX_RESPONSE_BYTES": "1048576"}, "graphql_max_response_bytes", 1048576),
        ({"GRAPHQL_INTROSPECTION": "off"}, "graphql_introspection", False),
        ({"GRAPHIQL": "1"}, "graphiql", True),
        ({"GRAPHIQL": "0"}, "graphiql", False),
        ({"WS_MAX_CONNECTIONS": "10"}, "ws_max_connections", 10),
        ({}, "query_timeout_seconds", 5.0),
        ({"QUERY_TIMEOUT_SECONDS": "0.5"}, "query_timeout_seconds", 0.5),
    ],
)
def test_graphql_limits_are_read_from_the_environment(
    env: dict[str, str], field: str, expected: object
) -> None:
    assert getattr(Settings.from_env(env), field) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"GRAPHQL_MAX_COST": "0"},
        {"GRAPHQL_MAX_COST": "lots"},
        {"API_COST_PER_MINUTE": "-5"},
        {"GRAPHQL_MAX_RESPONSE_BYTES": "8MB"},
        {"GRAPHQL_INTROSPECTION": "perhaps"},
        {"GRAPHIQL": "yes please"},
        {"WS_MAX_CONNECTIONS": "0"},
        {"QUERY_TIMEOUT_SECONDS": "0"},
        {"QUERY_TIMEOUT_SECONDS": "5s"},
    ],
)
def test_bad_graphql_limits_fail_fast_naming_the_variable(env: dict[str, str]) -> None:
    [name] = env
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_the_worker_health_port_is_off_unless_set() -> None:
    assert Settings.from_env({}).worker_health_port is None
    assert Settings.from_env({"WORKER_HEALTH_PORT": "8001"}).worker_health_port == 8001


def test_slow_client_limits_have_defaults_and_read_fractions() -> None:
    defaults = Settings.from_env({})
    assert (
        defaults.http_header_timeout_seconds,
        defaults.http_read_timeout_seconds,
        defaults.http_max_header_bytes,
    ) == (10.0, 30.0, 65536)
    assert Settings.from_env({"HTTP_READ_TIMEOUT_SECONDS": "0.5"}).http_read_timeout_seconds == 0.5


def test_a_sqlite_database_url_is_refused_naming_its_replacement() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"DATABASE_URL": "sqlite:///tmp/etp.db"})
    assert "no longer supported" in str(refused.value)
    assert "embedded Postgres" in str(refused.value)


def test_rate_limit_slices_default_to_twenty_and_must_be_positive() -> None:
    assert Settings.from_env({}).rate_limit_slices == 20
    assert Settings.from_env({"RATE_LIMIT_SLICES": "100"}).rate_limit_slices == 100
    for bad in ("0", "-1", "many"):
        with pytest.raises(SettingsError, match="RATE_LIMIT_SLICES"):
            Settings.from_env({"RATE_LIMIT_SLICES": bad})


def test_websocket_limits_have_documented_defaults_and_read_the_environment() -> None:
    defaults = Settings.from_env({})
    assert (
        defaults.ws_max_connections_per_key,
        defaults.ws_max_unauthenticated_per_address,
        defaults.ws_init_timeout_seconds,
        defaults.ws_max_init_message_bytes,
        defaults.trusted_proxies,
    ) == (100, 10, 3.0, 4096, "")
    assert defaults.graphql_max_body_bytes == 1024 * 1024
    changed = Settings.from_env(
        {
            "WS_MAX_CONNECTIONS_PER_KEY": "7",
            "WS_MAX_UNAUTHENTICATED_PER_ADDRESS": "2",
            "WS_INIT_TIMEOUT_SECONDS": "0.5",
            "WS_MAX_INIT_MESSAGE_BYTES": "1024",
            "TRUSTED_PROXIES": " 10.0.0.0/8 ",
        }
    )
    assert (
        changed.ws_max_connections_per_key,
        changed.ws_max_unauthenticated_per_address,
        changed.ws_init_timeout_seconds,
        changed.ws_max_init_message_bytes,
        changed.trusted_proxies,
    ) == (7, 2, 0.5, 1024, "10.0.0.0/8")
    # uvicorn's own variable, set by deployments before TRUSTED_PROXIES existed, still counts.
    assert Settings.from_env({"FORWARDED_ALLOW_IPS": "10.1.1.1"}).trusted_proxies == "10.1.1.1"
    with pytest.raises(SettingsError, match="WS_MAX_CONNECTIONS_PER_KEY"):
        Settings.from_env({"WS_MAX_CONNECTIONS_PER_KEY": "0"})


def test_the_websocket_connect_rate_is_a_limits_rate_or_off() -> None:
    assert Settings.from_env({}).ws_connect_rate_limit == "60/minute"
    assert Settings.from_env({"WS_CONNECT_RATE_LIMIT": "5/second"}).ws_connect_rate_limit == (
        "5/second"
    )
    assert Settings.from_env({"WS_CONNECT_RATE_LIMIT": "0"}).ws_connect_rate_limit == "0"
    with pytest.raises(SettingsError, match="WS_CONNECT_RATE_LIMIT"):
        Settings.from_env({"WS_CONNECT_RATE_LIMIT": "often"})


def test_an_operator_gets_one_line_naming_the_variable_and_what_is_wrong() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"API_KEY_CACHE_SECONDS": "soon", "LOG_FORMAT": "xml"})
    message = str(refused.value)
    assert "\n" not in message
    assert "API_KEY_CACHE_SECONDS must be a number, got 'soon'" in message
    assert "LOG_FORMAT must be 'json' or 'text', got 'xml'" in message


def test_fields_once_named_otherwise_are_named_after_their_variables() -> None:
    assert Settings.from_env({"ETP_DATA_DIR": "/srv/etp"}).etp_data_dir.as_posix() == "/srv/etp"
    assert Settings.from_env({"WS_MAX_SUBSCRIPTIONS": "3"}).ws_max_subscriptions == 3
    assert Settings.from_env({"GRAPHQL_WS_LEGACY": "1"}).graphql_ws_legacy is True
    assert Settings.from_env({"LOG_FORMAT": "TEXT"}).log_json is False
    assert Settings.from_env({"PUBLIC_URL": "https://x.example/"}).public_url == (
        "https://x.example/"
    )


def test_blank_values_mean_the_default_and_names_are_case_insensitive() -> None:
    assert Settings.from_env({"PORT": "  ", "HOOK_RATE_LIMIT": ""}) == Settings()
    assert Settings.from_env({"port": "9000"}).port == 9000


def test_settings_are_immutable_and_changes_are_validated() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.port = 1  # type: ignore[misc]
    assert settings.with_changes(port=9000).port == 9000
    with pytest.raises(SettingsError, match="PORT must be a whole number"):
        settings.with_changes(port="http")
    with pytest.raises(SettingsError, match="EVENT_RETENTION_SECONDS"):
        settings.with_changes(event_retention_seconds=10)


def test_settings_are_not_read_from_the_process_environment_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "9123")
    assert Settings().port == 8000
    assert Settings.from_env({}).port == 8000
    assert Settings.from_env().port == 9123
