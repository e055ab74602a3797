"""The embedded PostgreSQL's readiness is read from postmaster.pid, which the server writes in steps."""

from __future__ import annotations

import pytest

from etp.embedded import pid_file_says_ready

READY = "4242\n/data\n1764000000\n5432\n\n127.0.0.1\n  1 2\nready\n"


@pytest.mark.parametrize(
    ("text", "pid", "ready"),
    [
        ("", 4242, False),
        ("4242\n", 4242, False),
        ("4242\n/data\n1764000000\n5432\n", 4242, False),
        (READY.replace("ready", "starting"), 4242, False),
        (READY, 4242, True),
        (READY, 4243, False),
    ],
    ids=["empty", "pid only", "half written", "starting", "ready", "another server's file"],
)
def test_readiness_is_read_only_from_a_whole_pid_file_of_this_server(
    text: str, pid: int, ready: bool
) -> None:
    assert pid_file_says_ready(text, pid) is ready
