"""Fixtures of the deliveries API's tests: a local receiver, and private addresses allowed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Server
from tests.delivery_receiver import Receiver, running_receiver


@pytest.fixture
def private_allowed(clean: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """As `etp dev`: destinations may be local receivers."""
    settings = clean.services.settings.with_changes(delivery_allow_private=True)
    monkeypatch.setattr(clean.services, "settings", settings)
    return clean


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Receiver]:
    with running_receiver(tmp_path) as running:
        yield running
