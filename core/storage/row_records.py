"""ORM rows to the domain's frozen records: the record declares the shape once, and each field
is read from the row's column of the same name (enum columns already hold the domain's enums)."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")


def record_of(record: type[Record], row: Any) -> Record:
    return record(**{field.name: getattr(row, field.name) for field in fields(record)})
