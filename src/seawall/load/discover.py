"""Walk the paths a user named and list the files to analyse, with the problems met on the way."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from seawall.core.source import FileKind
from seawall.load.classify import YAML_SUFFIXES, is_dockerfile_name, kind_from_name
from seawall.load.read import InputProblem

IGNORE_FILE = ".seawallignore"
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn"})
_CANDIDATE_SUFFIXES = (*YAML_SUFFIXES, ".json")
CHART_ARCHIVE_SUFFIX = ".tgz"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read. ``name_kind`` is what its name alone says (None: decide by content)."""

    path: Path
    display: str
    name_kind: FileKind | None
    chart_root: Path | None = None
    explicit: bool = False


@dataclass(slots=True)
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[tuple[Path, str, InputProblem]] = field(default_factory=list)
    read_stdin: bool = False
    # packaged Helm charts (`.tgz`) outside any chart: rendered by the Helm front end
    archives: list[tuple[Path, str]] = field(default_factory=list)


def display_path(path: Path, cwd: Path) -> str:
    absolute = path if path.is_absolute() else cwd / path
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()


class _Excludes:
    """gitignore-style patterns from ``--exclude``, configuration and ``.seawallignore`` files."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self._global = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
        self._per_dir: list[tuple[Path, pathspec.GitIgnoreSpec]] = []

    def add_ignore_file(self, directory: Path) -> None:
        ignore = directory / IGNORE_FILE
        try:
            lines = ignore.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        self._per_dir.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))

    def excluded(self, path: Path, root: Path, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        if self._global is not None:
            rel = path.relative_to(root).as_posix() if path != root else ""
            if rel and self._global.match_file(rel + suffix):
                return True
        for base, spec in self._per_dir:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if rel and rel != "." and spec.match_file(rel + suffix):
                return True
        return False


def discover(
    inputs: Iterable[str], excludes: Sequence[str] = (), cwd: Path | None = None
) -> Discovery:
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    result = Discovery()
    rules = _Excludes(excludes)
    seen: set[Path] = set()
    for raw in inputs:
        if raw == "-":
            result.read_stdin = True
            continue
        path = Path(raw)
        if not path.is_absolute():
            path = cwd / path
        path = Path(os.path.normpath(path))
        display = display_path(path, cwd)
        try:
            is_dir = path.is_dir()
            exists = path.exists() or path.is_symlink()
        except OSError as error:
            result.problems.append((path, display, _walk_problem(error)))
            continue
        if not exists:
            raise FileNotFoundError(f"{raw}: no such file or directory")
        if is_dir:
            rules.add_ignore_file(path)
            _walk(path, path, cwd, rules, result, seen, _chart_root_above(path))
        elif path.name.endswith(CHART_ARCHIVE_SUFFIX):
            result.archives.append((path, display))
        elif path not in seen:
            seen.add(path)
            chart = _chart_root_above(path.parent)
            result.candidates.append(
                Candidate(path, display, kind_from_name(path, chart), chart, explicit=True)
            )
    return result


def _chart_root_above(directory: Path) -> Path | None:
    for candidate in (directory, *directory.parents):
        if (candidate / "Chart.yaml").is_file():
            return candidate
    return None


def _walk(
    directory: Path,
    root: Path,
    cwd: Path,
    rules: _Excludes,
    result: Discovery,
    seen: set[Path],
    chart_root: Path | None,
    visited: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    try:
        stat = directory.stat()
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as error:
        result.problems.append((directory, display_path(directory, cwd), _walk_problem(error)))
        return
    identity = (stat.st_dev, stat.st_ino)
    if identity in visited:
        problem = InputProblem(
            "symlink-loop", "symbolic link to a directory that contains it; not followed"
        )
        result.problems.append((directory, display_path(directory, cwd), problem))
        return
    visited = visited | {identity}
    if directory != root:
        rules.add_ignore_file(directory)
    if any(e.name == "Chart.yaml" for e in entries):
        chart_root = directory
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError as error:
            result.problems.append((path, display_path(path, cwd), _walk_problem(error)))
            continue
        if is_dir:
            if entry.name in SKIPPED_DIRS or rules.excluded(path, root, True):
                continue
            _walk(path, root, cwd, rules, result, seen, chart_root, visited)
            continue
        if entry.name.endswith(CHART_ARCHIVE_SUFFIX) and chart_root is None:
            if not rules.excluded(path, root, False):
                result.archives.append((path, display_path(path, cwd)))
            continue
        if not (entry.name.endswith(_CANDIDATE_SUFFIXES) or is_dockerfile_name(entry.name)):
            continue
        if rules.excluded(path, root, False) or path in seen:
            continue
        seen.add(path)
        result.candidates.append(
            Candidate(path, display_path(path, cwd), kind_from_name(path, chart_root), chart_root)
        )


def _walk_problem(error: OSError) -> InputProblem:
    if error.errno == errno.ELOOP:
        return InputProblem("symlink-loop", "symbolic link loop; the link never reaches a file")
    if error.errno in (errno.EACCES, errno.EPERM):
        return InputProblem("unreadable", "permission denied; the directory could not be read")
    return InputProblem("unreadable", f"could not read: {error.strerror or error}")
