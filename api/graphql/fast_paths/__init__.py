"""Everything that exists to outrun Strawberry, behind one switch (GRAPHQL_FAST_PATHS).

- compiled_selections: plain objects completed from a compiled plan, not one resolver per field;
- shared_results and live_messages: a live event executed and encoded once per operation and
  sent as text to every subscriber of that operation;
- result_cache and cached_execution: whole event-list results from the event list cache
  (core/event_cache.py keeps the entries; EVENT_LIST_CACHE turns it on).

Each gives the same JSON as plain Strawberry (tests/api/test_fast_paths.py runs a table of
operations both ways); with the switch off none of them is installed.
"""
