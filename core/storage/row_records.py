"""ORM rows to the domain's frozen records: the record declares the shape once, and each field
is read from the row's column of the same name (enum columns already hold the domain's enums)."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")

# dataclasses.fields() costs more than building the record; trigger pages and scheduler claims
# build one per row.
_field_names: dict[type[Any], tuple[str, ...]] = {}


def record_of(record: type[Record], row: Any) -> Record:
    names = _field_names.get(record)
    if names is None:
        names = _field_names[record] = tuple(field.name for field in fields(record))
    return record(**{name: getattr(row, name) for name in names})
