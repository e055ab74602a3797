"""Core's field paths (the domain's names) as the GraphQL argument paths clients see."""

from __future__ import annotations

import pytest

from api.graphql.field_paths import argument_path


@pytest.mark.parametrize(
    ("field", "under_input", "expected"),
    [
        (None, True, None),
        (("name",), True, ["input", "name"]),
        (("misfire_grace_seconds",), True, ["input", "misfireGraceSeconds"]),
        (("schedule", "in_seconds"), True, ["input", "schedule", "inSeconds"]),
        (("schedule", "start_at"), False, ["schedule", "startAt"]),
        # Below payload and api_schema the keys are the caller's own: never renamed.
        (
            ("api_schema", "properties", "snake_case", "$ref"),
            True,
            ["input", "apiSchema", "properties", "snake_case", "$ref"],
        ),
        (("payload", "user_id"), False, ["payload", "user_id"]),
        (("payload", "user_id"), True, ["input", "payload", "user_id"]),
        # Arguments beside `input` stay top-level.
        (("id",), True, ["id"]),
        (("fire_at",), True, ["fireAt"]),
        (("definition",), True, ["input"]),
        (("count",), False, ["count"]),
    ],
)
def test_core_paths_become_argument_paths(
    field: tuple[str, ...] | None, under_input: bool, expected: list[str] | None
) -> None:
    assert argument_path(field, under_input=under_input) == expected
