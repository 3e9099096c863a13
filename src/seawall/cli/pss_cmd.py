"""``seawall pss evaluate``: would the admission controller admit these pods?"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from seawall.cli.common import print_input_problems
from seawall.engine.errors import UsageError
from seawall.engine.load import InputReporter
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, load_workspace
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import format_path
from seawall.policy.pss import Level, Violation, evaluate, parse_policy_version


def _record(
    pod: PodSpecView, level: Level, version_text: str, found: list[Violation]
) -> dict[str, object]:
    return {
        "file": pod.source.display,
        "line": pod.resource.span_at("kind").line,
        "resource": pod.ref.as_json() if pod.ref else None,
        "level": level.value,
        "version": version_text,
        "allowed": not found,
        "violations": [
            {
                "check": v.check,
                "path": format_path((*pod.pod_path, *v.path)),
                "line": pod.span_for((*pod.pod_path, *v.path)).line,
                "message": v.message,
                "fix": v.fix,
            }
            for v in found
        ],
    }


def _text(record: dict[str, object]) -> str:
    resource = record["resource"]
    assert isinstance(resource, dict)
    name = f"{resource['kind']} {resource['namespace'] + '/' if resource['namespace'] else ''}"
    name += str(resource["name"])
    verdict = "allowed" if record["allowed"] else "DENIED"
    lines = [
        f"{record['file']}:{record['line']}: {name}: {verdict} at {record['level']}"
        f" ({record['version']})"
    ]
    violations = record["violations"]
    assert isinstance(violations, list)
    for v in violations:
        lines.append(f"  {record['file']}:{v['line']}: {v['check']}: {v['message']}")
        lines.append(f"      fix: {v['fix']}")
    return "\n".join(lines) + "\n"


def evaluate_command(
    paths: Sequence[str],
    level_text: str,
    version_text: str,
    fmt: str,
    stdin_name: str,
    out: TextIO,
    err: TextIO,
) -> int:
    level = Level(level_text)
    try:
        version = parse_policy_version(version_text)
    except ValueError as error:
        raise UsageError(f"--version: {error}") from None
    registry = load_registry()
    reporter = InputReporter(registry.by_input_kind())
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    workspace = load_workspace(paths, ScanOptions(stdin_name=stdin_name), reporter, stdin=stdin)
    print_input_problems(workspace, err)
    denied = 0
    for pod in workspace.pod_specs:
        found = evaluate(pod.pod_object, level, version)
        denied += bool(found)
        record = _record(pod, level, version_text, found)
        out.write(json.dumps(record, ensure_ascii=False) + "\n" if fmt == "json" else _text(record))
    if fmt == "text":
        total = len(workspace.pod_specs)
        out.write(
            f"\n{total - denied} of {total} pod-bearing objects would be admitted at "
            f"{level.value} ({version_text}); {denied} denied.\n"
        )
    return 1 if denied else 0
