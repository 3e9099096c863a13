"""A directory of hostile files scans to completion: one precise finding per problem, exit 1.

``tests/hostile/`` holds the small hostile files (the unwieldy ones written by
``make_hostile.py``). The files that must not live in git are added to a temporary copy at
test time: a 50 MB document, a symbolic link to itself, a directory link to its parent and a
file without read permission.

Root reads every file whatever its mode, so when the tests run as root the copy is scanned by
``tests/hostile/driver.py`` in a subprocess that drops to an unprivileged uid after a warm-up
scan; the permission-denied finding is then real, not simulated. When privileges cannot be
dropped, only that one assertion is skipped, with the reason.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from seawall.engine.registry import Registry, load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.load.read import decode, read_file
from seawall.parse.yaml import parse_yaml

HOSTILE = Path(__file__).resolve().parent / "hostile"
UNPRIVILEGED_UID = 65534  # nobody
LARGE_SIZE = 50 * 1024 * 1024
SUBPROCESS_TIMEOUT = 300  # a hang guard, not a timing assertion


@dataclass(frozen=True, slots=True)
class Expected:
    """The one input finding a hostile file must produce, and why it is there."""

    code: str
    line: int
    column: int
    why: str


EXPECTED: dict[str, Expected] = {
    "alias_bomb.yaml": Expected(
        "IN006", 7, 4, "at `&f [...]`, the first anchor whose expansion passes 100,000 nodes"
    ),
    "alias_bomb_list.yaml": Expected(
        "IN006", 7, 3, "the same bomb as a top-level list, at the `&f [...]` item"
    ),
    "bad_tag.yaml": Expected("IN003", 7, 13, "`!!int many` cannot be an integer"),
    "binary.yaml": Expected(
        "IN009", 3, 1, "the first NUL byte (byte 8, after `\\x89PNG\\r\\n\\x1a\\n`)"
    ),
    "deep_block.yaml": Expected(
        "IN010", 2, 501, "`- - - ...`: the 251st `- `, first level past the 250-level limit"
    ),
    "deep_flow.yaml": Expected(
        "IN010", 2, 251, "`[[[...]]]`: the 251st `[`, first level past the 250-level limit"
    ),
    "duplicate_keys.yaml": Expected("IN004", 9, 3, "the second `mode:` key"),
    "empty.yaml": Expected("IN011", 1, 1, "a 0-byte file"),
    "invalid_utf8.yaml": Expected(
        "IN002", 7, 25, 'byte 0xFF after `note: "café \u2013 naïve ` (columns count characters)'
    ),
    "invalid_yaml.yaml": Expected("IN003", 6, 10, "where the parser stops: `labels:`'s colon"),
    "list_document.yaml": Expected("IN005", 9, 1, "document 2 is a list"),
    "missing_kind.yaml": Expected("IN013", 9, 1, "document 2 has apiVersion but no kind"),
    "recursive_alias.yaml": Expected("IN012", 6, 7, "the anchor `&data` its own content aliases"),
    "template.yaml": Expected("IN014", 7, 7, "`{{-` where the parser stops, outside a chart"),
    # made at test time
    "large.yaml": Expected("IN007", 1, 1, "50 MiB, over the default 10 MiB limit"),
    "loop.yaml": Expected("IN008", 1, 1, "a symbolic link to itself"),
    "sub/up": Expected("IN008", 1, 1, "a directory link to its parent"),
    "unreadable.yaml": Expected("IN001", 1, 1, "mode 000: permission denied"),
}
VALID = "valid.yaml"
HUGE_INT = "huge_int.yaml"  # valid YAML; it must be analysed, never crash the scan
UNREADABLE = "unreadable.yaml"
NOT_INPUT = ("driver.py", "make_hostile.py", "README.md", "__pycache__")


def _input_findings(findings: list[dict[str, Any]], file: str) -> list[dict[str, Any]]:
    """The input (IN) and internal (SW) findings of one file."""
    return [f for f in findings if f["file"] == file and f["code"].startswith(("IN", "SW"))]


def _describe(findings: list[dict[str, Any]]) -> str:
    return "; ".join(f"{f['code']} {f['line']}:{f['column']} {f['message'][:90]}" for f in findings)


def _mismatch(name: str, findings: list[dict[str, Any]]) -> str | None:
    """Why the findings for ``name`` are not exactly its expected one (None when they are)."""
    expected = EXPECTED[name]
    got = _input_findings(findings, name)
    want = f"{expected.code} at {expected.line}:{expected.column} ({expected.why})"
    if len(got) != 1:
        return f"{name}: expected exactly one finding, {want}; got {len(got)}: {_describe(got)}"
    only = got[0]
    if (only["code"], only["line"], only["column"]) != (
        expected.code,
        expected.line,
        expected.column,
    ):
        return f"{name}: expected {want}; got {_describe(got)}"
    return None


# ------------------------------------------------------------------------------------------
# the temporary copy, scanned once per test module
# ------------------------------------------------------------------------------------------


def _write_large(path: Path, size: int = LARGE_SIZE) -> None:
    """A real 50 MB ConfigMap (not a sparse file): every byte is YAML."""
    head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\ndata:\n"
    line = "  key{:08d}: " + "x" * 100 + "\n"
    with path.open("w", encoding="ascii") as handle:
        handle.write(head)
        written, index = len(head), 0
        while written < size:
            chunk = "".join(line.format(index + i) for i in range(1000))
            handle.write(chunk)
            written += len(chunk)
            index += 1000


def build_tree(target: Path) -> None:
    """Copy the committed hostile files into ``target`` and add the ones git cannot hold."""
    for entry in HOSTILE.iterdir():
        if entry.name in NOT_INPUT or entry.suffix == ".py":
            continue
        shutil.copyfile(entry, target / entry.name)
        (target / entry.name).chmod(0o644)
    _write_large(target / "large.yaml")
    (target / "loop.yaml").symlink_to("loop.yaml")  # a -> a
    (target / "sub").mkdir(mode=0o755)
    (target / "sub").chmod(0o755)
    (target / "sub" / "up").symlink_to("..", target_is_directory=True)  # a directory -> its parent
    unreadable = target / UNREADABLE
    unreadable.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unreadable\ndata:\n  key: value\n",
        encoding="utf-8",
    )
    unreadable.chmod(0)


# Files whose values once crashed the whole scan (a ValueError from an explicit `!!int` tag or a
# 5,000-digit integer, exit code 2): the directory tests also run without them, so that such a
# crash never hides what the rest of the directory checks.
CRASHERS = ("bad_tag.yaml", HUGE_INT)
VARIANTS = {"all": [], "without-crashers": list(CRASHERS)}
SINGLES = sorted((set(EXPECTED) - {"sub/up"}) | {HUGE_INT, VALID})  # sub/up: see its own test


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    # world-readable (pytest's tmp_path is 0700 under root) so an unprivileged scan can enter it
    root = Path(tempfile.mkdtemp(prefix="seawall-hostile-"))
    try:
        root.chmod(0o755)
        build_tree(root)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tree: Path) -> dict[str, Any]:
    drop = UNPRIVILEGED_UID if os.geteuid() == 0 else None
    request = {
        "root": str(tree),
        "singles": {name: name for name in SINGLES},
        "variants": VARIANTS,
        "drop_to_uid": drop,
    }
    completed = subprocess.run(
        [sys.executable, str(HOSTILE / "driver.py"), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, f"driver failed:\n{completed.stderr[-4000:]}"
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _require_ok(scan_report: dict[str, Any]) -> list[dict[str, Any]]:
    error = scan_report.get("error")
    assert error is None, f"the scan crashed (it must report bad input as findings):\n{error}"
    findings: list[dict[str, Any]] = scan_report["findings"]
    return findings


def _skip_unless_unprivileged(report: dict[str, Any]) -> None:
    if report["euid"] == 0:
        pytest.skip(
            "running as root and privileges could not be dropped "
            f"({report.get('drop_failure')}): root reads a mode-000 file, so the "
            "permission-denied finding cannot be produced here"
        )


# ------------------------------------------------------------------------------------------
# the whole directory at once
# ------------------------------------------------------------------------------------------


@pytest.fixture(params=list(VARIANTS))
def variant(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _expected_names(report: dict[str, Any], variant: str) -> list[str]:
    names = [n for n in EXPECTED if n not in VARIANTS[variant]]
    return [n for n in names if n != UNREADABLE or report["euid"] != 0]


def test_directory_scan_completes(report: dict[str, Any], variant: str) -> None:
    findings = _require_ok(report["directory"][variant])
    assert findings, "a directory of hostile files produced no finding at all"


def test_directory_has_one_precise_finding_per_hostile_file(
    report: dict[str, Any], variant: str
) -> None:
    findings = _require_ok(report["directory"][variant])
    names = _expected_names(report, variant)
    problems = [m for m in (_mismatch(n, findings) for n in names) if m is not None]
    assert not problems, "\n".join(problems)


def test_directory_reports_nothing_else(report: dict[str, Any], variant: str) -> None:
    findings = _require_ok(report["directory"][variant])
    expected_files = set(EXPECTED)
    stray = [
        f
        for f in findings
        if f["code"].startswith("IN") and f["file"] not in expected_files | {HUGE_INT}
    ]
    assert not stray, f"input findings on files that have no input problem: {_describe(stray)}"


def test_directory_has_no_internal_error(report: dict[str, Any], variant: str) -> None:
    findings = _require_ok(report["directory"][variant])
    internal = [f for f in findings if f["code"].startswith("SW")]
    assert not internal, _describe(internal)


def test_directory_permission_denied_is_a_finding(report: dict[str, Any], variant: str) -> None:
    _skip_unless_unprivileged(report)
    findings = _require_ok(report["directory"][variant])
    assert _mismatch(UNREADABLE, findings) is None, _describe(findings)


def test_valid_manifest_keeps_its_normal_findings(
    report: dict[str, Any], tree: Path, variant: str
) -> None:
    findings = _require_ok(report["directory"][variant])
    in_directory = sorted(
        (f["code"], f["line"], f["column"], f["message"]) for f in findings if f["file"] == VALID
    )
    alone = scan([VALID], ScanOptions(), cwd=tree)
    expected = sorted((f.rule.code, f.span.line, f.span.column, f.message) for f in alone.findings)
    assert in_directory == expected
    assert ("KS101", 21, 13) in {(c, line, col) for c, line, col, _ in in_directory}
    assert not any(code.startswith(("IN", "SW")) for code, *_ in in_directory)


def test_huge_integer_is_analysed_not_a_crash(report: dict[str, Any]) -> None:
    """``replicas: 999...9`` (5,000 digits) is valid YAML; Python refuses int() past 4,300."""
    findings = _require_ok(report["singles"][HUGE_INT])
    odd = [f for f in _input_findings(findings, HUGE_INT) if f["line"] != 7]
    assert not odd, _describe(odd)
    assert not [f for f in findings if f["code"].startswith("SW")]


def test_cli_exit_code_is_1_in_process(report: dict[str, Any], variant: str) -> None:
    """``seawall check . --format json`` in the scanning (unprivileged) process: exit 1, and the
    JSON report holds exactly the findings the API returned."""
    cli = report["cli"][variant]
    assert cli["exit"] == 1, f"exit {cli['exit']}; stderr:\n{cli['stderr']}"
    output = json.loads(cli["stdout"])
    reported = sorted((f["file"], f["rule"], f["line"], f["column"]) for f in output["findings"])
    scanned = _require_ok(report["directory"][variant])
    assert reported == sorted((f["file"], f["code"], f["line"], f["column"]) for f in scanned)


def test_cli_exit_code_is_1(tree: Path, variant: str) -> None:
    """The real command line, in its own process, as the tests' own user."""
    excludes = [arg for name in VARIANTS[variant] for arg in ("--exclude", name)]
    command = [sys.executable, "-m", "seawall", "check", ".", "--format", "json", "--no-progress"]
    completed = subprocess.run(
        [*command, *excludes],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        cwd=tree,
        check=False,
    )
    assert completed.returncode == 1, (
        f"exit {completed.returncode} (2 means seawall crashed or refused the input):\n"
        f"{completed.stderr[-4000:]}"
    )
    output = json.loads(completed.stdout)
    assert not [f for f in output["findings"] if f["rule"].startswith("SW")]
    assert output["summary"]["findings"] == len(output["findings"])


def test_unprivileged_scan_really_ran_unprivileged(report: dict[str, Any]) -> None:
    if not report["requested_drop"]:
        assert report["euid"] != 0
        return
    _skip_unless_unprivileged(report)
    assert report["euid"] == UNPRIVILEGED_UID
    # the same file, scanned as root during the warm-up, was read: root ignores its mode
    as_root = _require_ok(report["as_root"]["without-crashers"])
    assert not _input_findings(as_root, UNREADABLE)


# ------------------------------------------------------------------------------------------
# each hostile file alone
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(SINGLES) & set(EXPECTED)))
def test_each_file_alone(report: dict[str, Any], name: str) -> None:
    if name == UNREADABLE:
        _skip_unless_unprivileged(report)
    findings = _require_ok(report["singles"][name])
    problem = _mismatch(name, findings)
    assert problem is None, problem


# ------------------------------------------------------------------------------------------
# bounded time and memory (asserted on content and allocation, never on time)
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _traced_scan(path: Path, registry: Registry, options: ScanOptions) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = scan([path.name], options, cwd=path.parent, registry=registry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("name", ["alias_bomb.yaml", "alias_bomb_list.yaml"])
def test_alias_bomb_memory_is_bounded(name: str, registry: Registry) -> None:
    # expanded, the bomb is 9**9 (387 million) nodes: gigabytes; shared, it is a few kilobytes
    result, peak = _traced_scan(HOSTILE / name, registry, ScanOptions())
    assert [(f.rule.code, f.span.line) for f in result.findings] == [("IN006", 7)]
    assert "100,000" in result.findings[0].message
    assert result.resources == 0
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes while scanning an alias bomb"


def test_large_file_is_never_read(tree: Path, registry: Registry) -> None:
    large = tree / "large.yaml"
    assert large.stat().st_size >= LARGE_SIZE
    result, peak = _traced_scan(large, registry, ScanOptions())
    [finding] = result.findings
    assert (finding.rule.code, finding.span.line, finding.span.column) == ("IN007", 1, 1)
    assert "50.0 MiB" in finding.message and "10.0 MiB" in finding.message
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes: the 50 MB file was read"


def test_max_file_size_is_configurable(tmp_path: Path, registry: Registry) -> None:
    manifest = tmp_path / "small.yaml"
    shutil.copyfile(HOSTILE / VALID, manifest)
    size = manifest.stat().st_size
    tight = scan([manifest.name], ScanOptions(max_file_size=size - 1), cwd=tmp_path)
    assert [f.rule.code for f in tight.findings] == ["IN007"]
    roomy = scan([manifest.name], ScanOptions(max_file_size=size), cwd=tmp_path)
    assert "IN007" not in {f.rule.code for f in roomy.findings}
    assert roomy.resources == 1


def test_stdin_over_the_limit_is_a_finding(registry: Registry) -> None:
    data = (HOSTILE / VALID).read_bytes()
    result = scan(["-"], ScanOptions(max_file_size=len(data) - 1), stdin=data, registry=registry)
    assert [f.rule.code for f in result.findings] == ["IN007"]


# ------------------------------------------------------------------------------------------
# units: permission errors, depth limit, the generator
# ------------------------------------------------------------------------------------------


def _deny_open(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real_open = Path.open

    def fake_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


def test_read_file_reports_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "secret.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    _deny_open(monkeypatch, target)
    result = read_file(target, 1024)
    assert result.text is None
    assert result.problem is not None
    assert result.problem.kind == "unreadable"
    assert "permission denied" in result.problem.message


def test_scan_reports_permission_denied_as_in001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    target = tmp_path / "secret.yaml"
    target.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n", encoding="utf-8")
    shutil.copyfile(HOSTILE / VALID, tmp_path / VALID)
    _deny_open(monkeypatch, target)
    result = scan(["."], ScanOptions(), cwd=tmp_path, registry=registry)
    denied = [f for f in result.findings if f.file == "secret.yaml"]
    assert [(f.rule.code, f.span.line, f.span.column) for f in denied] == [("IN001", 1, 1)]
    assert any(f.file == VALID for f in result.findings)  # the scan went on


def test_directory_link_to_its_parent_alone(tmp_path: Path, registry: Registry) -> None:
    """``a/b/up -> ..`` scanned from ``a``: reported once, at the link, and not followed."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copyfile(HOSTILE / VALID, tmp_path / "a" / VALID)
    (tmp_path / "a" / "b" / "up").symlink_to("..", target_is_directory=True)
    result = scan(["a"], ScanOptions(), cwd=tmp_path, registry=registry)
    inputs = [f for f in result.findings if f.rule.code.startswith(("IN", "SW"))]
    assert [(f.rule.code, f.file, f.span.line) for f in inputs] == [("IN008", "a/b/up", 1)]
    assert result.files == 2  # valid.yaml once (not again through the link) and the loop


def test_read_file_reports_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    result = read_file(loop, 1024)
    assert result.problem is not None and result.problem.kind == "symlink-loop"


def test_chmod_000_file_as_the_current_user(tmp_path: Path) -> None:
    """Without root, mode 000 alone is enough (the subprocess test covers root)."""
    if os.geteuid() == 0:
        pytest.skip("root bypasses file modes; test_directory_permission_denied_is_a_finding runs")
    target = tmp_path / "unreadable.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    target.chmod(0)
    result = read_file(target, 1024)
    assert result.problem is not None and result.problem.kind == "unreadable"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("[" * 251 + "]" * 251, (1, 251), id="flow-251-levels-composer-path"),
        pytest.param("[\n" * 2000 + "]" * 2000, (251, 1), id="flow-2000-levels-event-path"),
        pytest.param("- " * 600 + "x", (1, 501), id="block-600-levels-event-path"),
    ],
)
def test_nesting_limit_is_250_levels_on_every_path(text: str, where: tuple[int, int]) -> None:
    """IN010's documented limit: more than 250 levels is reported at the 251st level."""
    problems = parse_yaml(text).problems
    assert [(p.kind, p.span.line, p.span.column) for p in problems] == [
        ("nesting-too-deep", *where)
    ]


def test_nesting_of_exactly_250_levels_is_accepted() -> None:
    assert parse_yaml("[" * 250 + "]" * 250).problems == []


def test_invalid_utf8_column_counts_characters() -> None:
    result = decode(("é" * 3).encode() + b"\xff")
    assert result.problem is not None
    assert (result.problem.span.line, result.problem.span.column) == (1, 4)


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_up_to_date() -> None:
    generated: dict[str, bytes] = _load_generator().generated()
    stale = [n for n, data in generated.items() if (HOSTILE / n).read_bytes() != data]
    assert not stale, f"run `python tests/hostile/make_hostile.py`: {stale} differ"


def test_every_committed_hostile_file_is_expected() -> None:
    committed = {p.name for p in HOSTILE.iterdir() if p.name not in NOT_INPUT and p.suffix != ".py"}
    assert committed == (set(EXPECTED) | {VALID, HUGE_INT}) - {
        "large.yaml",
        "loop.yaml",
        "sub/up",
        UNREADABLE,
    }
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in HOSTILE.iterdir() if p.is_file()}
    assert all(mode & 0o444 for mode in modes.values())
