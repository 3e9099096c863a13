"""Accept the findings a project has today so that only new ones fail CI.

Fingerprints ignore line numbers: they hash the rule, the file, the object and the field path
(or, for findings outside Kubernetes objects, the text of the offending line), so editing
elsewhere in a file does not bring accepted findings back.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from seawall.core.finding import Finding
from seawall.core.source import SourceFile
from seawall.engine.errors import UsageError

BASELINE_VERSION = 1


class BaselineError(UsageError):
    pass


def fingerprint(finding: Finding, source: SourceFile | None) -> str:
    if finding.resource is not None and finding.path:
        anchor = f"{finding.resource.label()}|{finding.path}"
    elif source is not None:
        anchor = " ".join(source.line_text(finding.span.line).split())
    else:
        anchor = str(finding.span.line)
    text = f"{finding.rule.code}|{finding.file}|{anchor}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write_baseline(path: Path, findings: list[Finding], sources: dict[str, SourceFile]) -> None:
    entries = [
        {
            "fingerprint": fingerprint(f, sources.get(f.file)),
            "rule": f.rule.code,
            "file": f.file,
            "line": f.span.line,
            "message": f.message,
        }
        for f in findings
    ]
    data = {"version": BASELINE_VERSION, "tool": "seawall", "findings": entries}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def load_baseline(path: Path) -> Counter[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"baseline file {path} does not exist; create it with --write-baseline"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read baseline {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(
            f"{path}:{error.lineno}:{error.colno}: baseline is not valid JSON: {error.msg}"
        ) from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not a seawall baseline (version {BASELINE_VERSION})")
    items = data.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{path}: `findings` must be a list")
    return Counter(
        str(item["fingerprint"])
        for item in items
        if isinstance(item, dict) and "fingerprint" in item
    )
