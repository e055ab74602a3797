"""The fuzzing stage: generated requests against the real in-process server.

Every test here runs serially against one server and reads the database on its own connection
before and after each request, so that "nothing was written" is measured, not assumed.

FUZZ_EXAMPLES (default 8) is the number of generated requests per GraphQL operation with a write
key; the other budgets scale from it. The default keeps the stage near a minute per backend on
two cores. A longer run: `FUZZ_EXAMPLES=500 pytest -m fuzz`; FUZZ_SHRINK=1 shrinks a failure to
a minimal request. Generation is derandomized, so CI replays the same requests every run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from schemathesis.specs.graphql.schemas import GraphQLSchema

from tests.conftest import Server
from tests.fuzz.graphql_requests import loaded_schema, seed
from tests.fuzz.support import Store


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/fuzz/" in item.nodeid:
            item.add_marker(pytest.mark.fuzz)


@pytest.fixture
async def store(clean: Server) -> AsyncIterator[Store]:
    store = Store(clean)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def seeded(clean: Server, api_key: str) -> GraphQLSchema:
    """The introspected schema, with a seeded database behind it."""
    schema = await loaded_schema(clean, api_key)
    await seed(clean, api_key)
    return schema
