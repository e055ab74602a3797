"""Sampling a bench's server under load with py-spy, and a summary of where its time goes.

py-spy writes collapsed stacks (`frame;frame;frame count`); the summary gives, for the
functions of most interest, the share of samples whose stack passes through them (inclusive).
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import sys
from pathlib import Path


def start(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen(
        [
            py_spy,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            "250",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summary(collapsed: Path, *, top: int = 40) -> str:
    """Inclusive share of samples per function (file:function), the largest first."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        total += count
        frames = [_name(frame) for frame in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    lines = [f"{total} samples; inclusive % / self %, function (file)"]
    for frame, count in inclusive.most_common(top):
        lines.append(f"{100 * count / total:5.1f} {100 * own[frame] / total:5.1f}  {frame}")
    return "\n".join(lines)


def _name(frame: str) -> str:
    # py-spy's raw frames read "function (path/to/file.py:line)".
    function, _, where = frame.partition(" (")
    path = where.rsplit(":", 1)[0]
    for marker in ("site-packages/", "/benches/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{function} ({path})"


if __name__ == "__main__":
    print(summary(Path(sys.argv[1]), top=int(sys.argv[2]) if len(sys.argv) > 2 else 40))
