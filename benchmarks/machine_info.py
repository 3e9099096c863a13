"""The machine a benchmark ran on, recorded with its figures (shared by the benchmark scripts)."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def command_output(command: Sequence[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def machine() -> dict[str, str]:
    lscpu = command_output(["lscpu"])
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
        platform.processor(),
    )
    total = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            total = f"{int(handle.readline().split()[1]) / (1 << 20):.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    revision = command_output(["git", "-C", str(REPO_ROOT), "describe", "--always", "--dirty"])
    return {
        "seawall": revision.strip() or "unknown",
        "nproc": command_output(["nproc"]).strip() or str(os.cpu_count()),
        "cpu": model,
        "ram": total,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
