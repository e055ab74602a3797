"""The triggers table and its record are one shape: rows map to StoredTrigger by name
(core/storage/row_records.py)."""

from __future__ import annotations

from dataclasses import fields

from core.storage.models import Trigger
from core.triggers.records import StoredTrigger


def test_the_stored_trigger_has_a_field_for_each_column_and_no_other() -> None:
    # A column the record lacks, or a field no column stores, would fail every read.
    assert {f.name for f in fields(StoredTrigger)} == set(Trigger._meta.db_fields)
