"""schema.graphql is exported from the code (`make schema`); drift fails here."""

from __future__ import annotations

from pathlib import Path

from api.graphql.schema import schema


def test_committed_schema_matches_the_code(repo_root: Path) -> None:
    committed = (repo_root / "schema.graphql").read_text()
    exported = str(schema).rstrip("\n") + "\n"
    assert committed == exported, "schema.graphql is stale: run `make schema` and commit it"


def test_schema_has_the_public_contract_names() -> None:
    sdl = str(schema)
    for name in [
        "createScheduledTrigger(",
        "createApiTrigger(",
        "updateTrigger(",
        "deleteTrigger(",
        "pauseTrigger(",
        "resumeTrigger(",
        "rotateHookToken(",
        "fireTrigger(",
        "testTrigger(",
        "testTriggerDefinition(",
        "previewSchedule(",
        "eventCounts:",
        "enum ErrorCode",
        "type UserError",
        "type TriggerPayload",
        "type EventPayload",
        "type DeletePayload",
    ]:
        assert name in sdl, name
