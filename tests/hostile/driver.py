"""Scan a copy of the hostile directory in a fresh process and print one JSON report.

Run by ``tests/test_hostile.py`` as ``python driver.py REQUEST_JSON``. When the request asks for
it (the tests run as root, and root reads every file whatever its mode), the process first does
one complete scan as root, which imports every module the scan needs (the interpreter's own
library may live where an unprivileged user cannot read), then drops to an unprivileged uid
and scans again: the findings reported are those of the unprivileged scan, so a file without
read permission really fails to open.

Nothing here raises: a crash of seawall is recorded as ``error`` with its traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

from seawall.cli.main import main as cli_main
from seawall.core.finding import Finding
from seawall.engine.run import ScanOptions, scan


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.rule.code,
        "file": finding.file,
        "line": finding.span.line,
        "column": finding.span.column,
        "message": finding.message,
    }


def _scan(paths: list[str], cwd: Path, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    try:
        result = scan(paths, ScanOptions(exclude=exclude), cwd=cwd)
    except BaseException:  # a crash is what the tests look for; report it, do not die
        return {"error": traceback.format_exc()}
    return {
        "error": None,
        "findings": [_finding(f) for f in result.findings],
        "files": result.files,
        "documents": result.documents,
        "resources": result.resources,
    }


def _cli(argv: list[str]) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(argv)
    except BaseException:
        return {"exit": None, "stdout": out.getvalue(), "stderr": traceback.format_exc()}
    return {"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()[-4000:]}


def _excludes(names: list[str]) -> list[str]:
    return [arg for name in names for arg in ("--exclude", name)]


def _drop_privileges(uid: int) -> str | None:
    """None when the process now runs as ``uid``, else why it could not."""
    try:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    except (OSError, AttributeError) as error:
        return f"could not drop privileges to uid {uid}: {error}"
    if os.geteuid() != uid:
        return f"still running as uid {os.geteuid()} after setuid({uid})"
    return None


def run(request: dict[str, Any]) -> dict[str, Any]:
    root = Path(request["root"])
    singles: dict[str, str] = request["singles"]
    variants: dict[str, list[str]] = request["variants"]
    report: dict[str, Any] = {"requested_drop": request["drop_to_uid"] is not None}
    os.chdir(root)
    if request["drop_to_uid"] is not None:
        # the warm-up: as root, so every lazily imported module gets loaded now (every variant,
        # in case one crashes half-way)
        report["as_root"] = {n: _scan(["."], root, tuple(ex)) for n, ex in variants.items()}
        for excluded in variants.values():
            _cli(["check", ".", "--format", "json", "--no-progress", *_excludes(excluded)])
        for codec in ("utf-16", "utf-32"):  # codecs load lazily, from the interpreter's library
            "x".encode(codec).decode(codec)
        report["drop_failure"] = _drop_privileges(int(request["drop_to_uid"]))
    report["euid"] = os.geteuid()
    report["directory"] = {name: _scan(["."], root, tuple(ex)) for name, ex in variants.items()}
    report["singles"] = {name: _scan([path], root) for name, path in singles.items()}
    report["cli"] = {
        name: _cli(["check", ".", "--format", "json", "--no-progress", *_excludes(ex)])
        for name, ex in variants.items()
    }
    report["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
