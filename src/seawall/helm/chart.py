"""A chart as files: ``Chart.yaml``, values, templates and vendored subcharts (directories or
``.tgz`` archives), each with the position-keeping YAML the rules and the mapping read.

Templates are keyed the way Helm names them in rendered output (``parent/charts/sub/templates/
x.yaml``), with the chart names (or dependency aliases) of ``Chart.yaml``, not directory names.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from seawall.core.source import FileKind, SourceFile
from seawall.parse.yaml import Limits, YMap, parse_yaml

# a chart file larger than this is not read for mapping (Helm still renders it)
_MAX_MEMBER = 2 * 1024 * 1024
_MAX_DEPTH = 8


@dataclass(slots=True)
class ChartTree:
    """One chart of a chart tree. ``key`` is its prefix in rendered template names; ``alias``
    the name its parent's values address it by (``values.<alias>.*``)."""

    name: str
    key: str
    display: str  # prefix of its files' display paths: "" or "charts/app/" or "x.tgz!/app/"
    chart_source: SourceFile | None
    chart_yaml: YMap | None
    values_source: SourceFile | None
    values: YMap | None
    templates: dict[str, SourceFile] = field(default_factory=dict)  # rendered key -> source
    extra_values: list[tuple[SourceFile, YMap | None]] = field(default_factory=list)  # ci/*
    subcharts: list[ChartTree] = field(default_factory=list)
    has_schema: bool = False
    parent: ChartTree | None = None

    @property
    def alias(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    def chain(self) -> list[ChartTree]:
        """This chart's ancestors, the top chart first, ending with itself."""
        out: list[ChartTree] = []
        node: ChartTree | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def walk(self) -> Iterator[ChartTree]:
        yield self
        for sub in self.subcharts:
            yield from sub.walk()

    def declared_dependencies(self) -> list[dict[str, Any]]:
        deps = self.chart_yaml.get("dependencies") if self.chart_yaml is not None else None
        if not isinstance(deps, list):
            return []
        return [d for d in deps if isinstance(d, dict)]

    def vendored_names(self) -> set[str]:
        return {s.name for s in self.subcharts}


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _parse_map(source: SourceFile, limits: Limits) -> YMap | None:
    stream = parse_yaml(source.text, limits, source.lines)
    root = stream.documents[0].root if stream.documents else None
    return root if isinstance(root, YMap) else None


def _dir_members(root: Path) -> dict[str, bytes]:
    """The files of a chart directory that Helm reads, by path relative to ``root``."""
    members: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        try:
            if not path.is_file() or path.stat().st_size > _MAX_MEMBER:
                continue
            rel = path.relative_to(root).as_posix()
            if rel.startswith(".git/"):
                continue
            members[rel] = path.read_bytes()
        except OSError:
            continue
    return members


def _archive_members(data: bytes) -> tuple[str, dict[str, bytes]] | None:
    """The top directory of a chart archive and its files relative to it."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            members: dict[str, bytes] = {}
            top = ""
            for info in archive.getmembers():
                if not info.isfile() or info.size > _MAX_MEMBER:
                    continue
                parts = PurePosixPath(info.name).parts
                if len(parts) < 2 or ".." in parts:
                    continue
                top = top or parts[0]
                handle = archive.extractfile(info)
                if handle is not None and parts[0] == top:
                    members["/".join(parts[1:])] = handle.read()
    except (tarfile.TarError, OSError, EOFError):
        return None
    return (top, members) if "Chart.yaml" in members else None


def read_chart_dir(root: Path, display: str, limits: Limits) -> ChartTree | None:
    return _tree(_dir_members(root), display, root, None, None, limits, 0, True)


def read_chart_archive(path: Path, display: str, limits: Limits) -> ChartTree | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    opened = _archive_members(data)
    if opened is None:
        return None
    top, members = opened
    return _tree(members, f"{display}!/{top}/", path, None, None, limits, 0, False)


def _aliases(parent: ChartTree | None, name: str) -> list[str]:
    if parent is None:
        return [name]
    found = [
        str(d["alias"])
        for d in parent.declared_dependencies()
        if d.get("name") == name and isinstance(d.get("alias"), str)
    ]
    return found or [name]


def _tree(
    members: dict[str, bytes],
    display: str,
    path: Path,
    parent: ChartTree | None,
    alias: str | None,
    limits: Limits,
    depth: int,
    on_disk: bool,
) -> ChartTree | None:
    def source(rel: str, kind: FileKind) -> SourceFile | None:
        text = _decode(members[rel]) if rel in members else None
        if text is None:
            return None
        # files inside an archive have no path of their own: they point at the archive
        return SourceFile(path / rel if on_disk else path, f"{display}{rel}", kind, text)

    chart_source = source("Chart.yaml", FileKind.HELM_CHART)
    if chart_source is None:
        return None
    chart_yaml = _parse_map(chart_source, limits)
    name_value = chart_yaml.get("name") if chart_yaml is not None else None
    name = str(name_value) if name_value else path.name
    key = name if parent is None else f"{parent.key}/charts/{alias or name}"
    values_source = source("values.yaml", FileKind.HELM_VALUES)
    tree = ChartTree(
        name=name,
        key=key,
        display=display,
        chart_source=chart_source,
        chart_yaml=chart_yaml,
        values_source=values_source,
        values=_parse_map(values_source, limits) if values_source is not None else None,
        has_schema="values.schema.json" in members,
        parent=parent,
    )
    for rel in members:
        if rel.startswith("templates/"):
            template = source(rel, FileKind.HELM_TEMPLATE)
            if template is not None:
                tree.templates[f"{key}/{rel}"] = template
        elif rel.startswith("ci/") and rel.count("/") == 1 and rel.endswith((".yaml", ".yml")):
            scenario = source(rel, FileKind.HELM_VALUES)
            if scenario is not None:
                tree.extra_values.append((scenario, _parse_map(scenario, limits)))
    if depth < _MAX_DEPTH:
        tree.subcharts = list(_subcharts(members, display, path, tree, limits, depth, on_disk))
    return tree


def _subcharts(
    members: dict[str, bytes],
    display: str,
    path: Path,
    parent: ChartTree,
    limits: Limits,
    depth: int,
    on_disk: bool,
) -> Iterator[ChartTree]:
    directories: dict[str, dict[str, bytes]] = {}
    for rel, data in members.items():
        parts = rel.split("/")
        if len(parts) < 2 or parts[0] != "charts":
            continue
        if len(parts) == 2 and parts[1].endswith(".tgz"):
            opened = _archive_members(data)
            if opened is None:
                continue
            top, inner = opened
            name = _chart_name(inner) or top
            for alias in _aliases(parent, name):
                archive = path / rel if on_disk else path
                sub = _tree(
                    inner,
                    f"{display}{rel}!/{top}/",
                    archive,
                    parent,
                    alias,
                    limits,
                    depth + 1,
                    False,
                )
                if sub is not None:
                    yield sub
        elif len(parts) > 2:
            directories.setdefault(parts[1], {})["/".join(parts[2:])] = data
    for directory, inner in sorted(directories.items()):
        if "Chart.yaml" not in inner:
            continue
        name = _chart_name(inner) or directory
        sub_path = path / "charts" / directory if on_disk else path
        for alias in _aliases(parent, name):
            sub = _tree(
                inner,
                f"{display}charts/{directory}/",
                sub_path,
                parent,
                alias,
                limits,
                depth + 1,
                on_disk,
            )
            if sub is not None:
                yield sub


def _chart_name(members: dict[str, bytes]) -> str | None:
    text = _decode(members.get("Chart.yaml", b""))
    if not text:
        return None
    stream = parse_yaml(text)
    root = stream.documents[0].root if stream.documents else None
    name = root.get("name") if isinstance(root, dict) else None
    return str(name) if name else None
