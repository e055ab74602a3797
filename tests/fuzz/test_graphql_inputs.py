"""Structured GraphQL inputs: operations whose arguments are valid but for one or two edges.

Schemathesis draws every optional field at random, so most of its schedules break the
"exactly one of at, inSeconds, cron, everySeconds" rule and are refused before a zone, a date or a
count is ever looked at. Here each input is a well-formed schedule, trigger or page request whose
values come from edge lists (zones that are not zones, dates at year 1 and 9999, negative counts,
cursors that do not fit), sent through `variables`, so that the code behind validation runs.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Server
from tests.fuzz import strategies as fs
from tests.fuzz.support import FUZZ_EXAMPLES, Store, fuzz_settings
from tests.fuzz.test_graphql import EXISTING_IDS, send_and_check

SECONDS = st.sampled_from([-(2**31), -1, 0, 1, 59, 60, 86_400, 2**31 - 1])
COUNTS = st.sampled_from([-1, 0, 1, 5, 100, 101, 2**31 - 1])
ZONES = st.sampled_from([*fs.TIMEZONES, "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"])


# A valid value for each part of a schedule, and the edges for it. Each schedule carries edges in
# at most one or two parts: an invalid part elsewhere would be refused first and hide the edge.
VALID_PARTS: dict[str, st.SearchStrategy[Any]] = {
    "at": st.sampled_from(["2031-01-01T00:00:00Z", "2030-06-01T12:00:00+02:00"]),
    "inSeconds": st.sampled_from([1, 60, 86_400]),
    "cron": st.sampled_from(["* * * * *", "0 3 * * *", "*/15 * * * * *", "0 0 29 2 *"]),
    "everySeconds": st.sampled_from([1, 60, 3_600]),
    "timezone": st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"]),
    "startAt": st.sampled_from(["2020-01-01T00:00:00Z", "2031-01-01T00:00:00+14:00"]),
    "endAt": st.sampled_from(["2040-01-01T00:00:00Z", "2031-01-02T00:00:00-12:00"]),
}
EDGE_PARTS: dict[str, st.SearchStrategy[Any]] = {
    "at": fs.datetime_strings,
    "inSeconds": SECONDS,
    "cron": st.one_of(st.sampled_from(fs.CRONS), fs.texts),
    "everySeconds": SECONDS,
    "timezone": ZONES,
    "startAt": fs.datetime_strings,
    "endAt": fs.datetime_strings,
}


@st.composite
def schedules(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["at", "inSeconds", "cron", "everySeconds"]))
    parts = [kind, *draw(st.sets(st.sampled_from(["timezone", "startAt", "endAt"])))]
    edges = draw(st.sets(st.sampled_from(parts), max_size=2))
    return {part: draw(EDGE_PARTS[part] if part in edges else VALID_PARTS[part]) for part in parts}


TRIGGER_SELECTION = (
    "id nextFireAt upcoming(count: $count) schedule { at cron everySeconds timezone startAt endAt }"
)
PAYLOAD_ERRORS = "errors { code field message }"

OPERATIONS: dict[str, tuple[str, str]] = {
    # name: (root field, document)
    "create": (
        "createScheduledTrigger",
        f"mutation($input: CreateScheduledTriggerInput!, $count: Int!) {{ createScheduledTrigger(input: $input) {{ trigger {{ {TRIGGER_SELECTION} }} {PAYLOAD_ERRORS} }} }}",
    ),
    "update": (
        "updateTrigger",
        f"mutation($id: ID!, $input: UpdateTriggerInput!, $count: Int!) {{ updateTrigger(id: $id, input: $input) {{ trigger {{ {TRIGGER_SELECTION} }} {PAYLOAD_ERRORS} }} }}",
    ),
    "test-definition": (
        "testTriggerDefinition",
        f"mutation($input: TriggerDefinitionInput!, $fireAt: DateTime) {{ testTriggerDefinition(input: $input, fireAt: $fireAt) {{ event {{ id firedAt }} {PAYLOAD_ERRORS} }} }}",
    ),
    "preview": (
        "previewSchedule",
        "query($schedule: ScheduleInput!, $count: Int!) { previewSchedule(schedule: $schedule, count: $count) }",
    ),
    "triggers": (
        "triggers",
        "query($first: Int!, $after: String) { triggers(first: $first, after: $after) { edges { cursor node { id } } pageInfo { endCursor } } }",
    ),
    "events": (
        "events",
        "query($first: Int!, $after: String, $triggerId: ID) { events(status: null, first: $first, after: $after, triggerId: $triggerId) { edges { cursor } } }",
    ),
    "trigger": (
        "trigger",
        "query($id: ID!, $count: Int!) { trigger(id: $id) { upcoming(count: $count) } }",
    ),
}


@st.composite
def requests(draw: st.DrawFn, name: str) -> dict[str, Any]:
    ids = st.one_of(
        st.integers(min_value=0, max_value=100).map(lambda i: EXISTING_IDS[i % len(EXISTING_IDS)]),
        fs.texts,
    )
    cursors = st.one_of(st.none(), st.sampled_from(fs.CURSORS), fs.texts)
    trigger_name = st.one_of(fs.names, fs.texts)
    variables: dict[str, Any] = {"count": draw(st.one_of(st.just(3), COUNTS))}
    if name == "create":
        variables["input"] = draw(
            st.fixed_dictionaries(
                {"name": trigger_name, "schedule": schedules()},
                optional={
                    "payload": fs.json_values(6),
                    "misfireGraceSeconds": SECONDS,
                    "description": fs.texts,
                },
            )
        )
    elif name == "update":
        variables["id"] = draw(ids)
        variables["input"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": trigger_name,
                    "schedule": schedules(),
                    "payload": fs.json_values(6),
                    "apiSchema": fs.api_schemas,
                    "misfireGraceSeconds": SECONDS,
                },
            )
        )
    elif name == "test-definition":
        kind = draw(st.sampled_from(["SCHEDULED", "API"]))
        definition: dict[str, Any] = {"name": draw(trigger_name), "kind": kind}
        if kind == "SCHEDULED":
            definition["schedule"] = draw(schedules())
            definition["payload"] = draw(fs.json_values(6))
        else:
            definition["apiSchema"] = draw(fs.api_schemas)
            definition["payload"] = draw(fs.json_values(6))
        variables = {"input": definition, "fireAt": draw(st.one_of(st.none(), fs.datetime_strings))}
    elif name == "preview":
        variables["schedule"] = draw(schedules())
    elif name in ("triggers", "events"):
        variables = {"first": draw(COUNTS), "after": draw(cursors)}
        if name == "events":
            variables["triggerId"] = draw(st.one_of(st.none(), ids))
    else:
        variables["id"] = draw(ids)
    return variables


# The most productive fuzzer per request: the largest share of the budget, split evenly between
# the operations (a drawn operation would leave some nearly untried).
@pytest.mark.parametrize("name", sorted(OPERATIONS))
@fuzz_settings(2 * FUZZ_EXAMPLES)
@given(data=st.data())
async def test_structured_inputs(
    name: str, seeded: Any, clean: Server, api_key: str, store: Store, data: Any
) -> None:
    variables = data.draw(requests(name), label="variables")
    field, document = OPERATIONS[name]
    async with httpx.AsyncClient(base_url=clean.base_url, timeout=60) as client:
        await send_and_check(
            client,
            store,
            field,
            {"query": document, "variables": variables},
            headers={"X-API-Key": api_key},
        )
