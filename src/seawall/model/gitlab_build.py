"""Building a GitLab CI ``Pipeline``: includes read and merged, ``!reference`` tags resolved,
``extends`` chains and ``default:`` applied to each job, problems recorded (see ``gitlab``)."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.model.gitlab import (
    DEFAULT_KEYS,
    GLOBAL_KEYS,
    INCLUDE_KINDS,
    LEGACY_GLOBALS,
    MAX_EXTENDS_DEPTH,
    MAX_INCLUDES,
    MAX_REFERENCE_DEPTH,
    Include,
    Job,
    Pipeline,
    PipelineFile,
    PipelineProblem,
    Reader,
    inherited,
    read_variables,
)
from seawall.model.gitlab_merge import MergedList, MergedMap, Owners, is_reference
from seawall.parse.yaml import YMap, locate

_MAX_GLOB_FILES = 20_000
_SKIPPED_DIRS = frozenset({".git", "node_modules", ".venv", "__pycache__"})


def build_pipeline(source: SourceFile, root: YMap, read: Reader) -> Pipeline:
    """Resolve ``source`` (a top-level ``.gitlab-ci.yml``) into a ``Pipeline``; local includes
    are read with ``read``, relative to the directory of ``source`` (taken as the repository
    root)."""
    return _Builder(source, root, read).build()


class _Builder:
    def __init__(self, source: SourceFile, root: YMap, read: Reader) -> None:
        self.pipeline = Pipeline(source, root, Owners())
        self.owners = self.pipeline.owners
        self.read = read
        self.root_dir = source.path.parent
        self.root_display = posixpath.dirname(source.display)
        self.seen_files: set[FsPath] = set()
        self.all_files: list[str] | None = None
        self.config: MergedMap = MergedMap()
        self.resolved: dict[str, MergedMap] = {}

    def problem(self, message: str, source: SourceFile | None, span: Span) -> None:
        self.pipeline.problems.append(
            PipelineProblem(message, source or self.pipeline.source, span)
        )

    def build(self) -> Pipeline:
        pipeline = self.pipeline
        top = _real(pipeline.source.path)
        self.config = self.collect(pipeline.source, pipeline.root, (top,))
        pipeline.config = self.config
        variables = self.deref(self.config.get("variables"), 0)
        pipeline.variables = read_variables(variables, self.owners)
        defaults = self.defaults()
        for name, value in self.config.items():
            if not isinstance(name, str) or name in GLOBAL_KEYS or name.startswith("."):
                continue
            if not isinstance(value, dict):
                continue
            data = self.extended(name, (name,))
            data = self.with_defaults(data, defaults)
            pipeline.jobs.append(Job(pipeline, name, data, self.owners.origin(self.config, name)))
        # a template used by several jobs reports its problems once
        unique = {(p.message, p.source.display, p.span): p for p in pipeline.problems}
        pipeline.problems = list(unique.values())
        return pipeline

    # ------------------------------------------------------------ includes

    def collect(self, source: SourceFile, root: YMap, stack: tuple[FsPath, ...]) -> MergedMap:
        """The top level of ``source`` with everything it includes merged under it."""
        self.owners.adopt(source, root)
        real = stack[-1]
        if real not in self.seen_files:
            self.seen_files.add(real)
            self.pipeline.files.append(PipelineFile(source, root))
        merged: Any = MergedMap()
        for entry, span in _include_entries(root):
            include = self.include(entry, source, span)
            if include is None:
                continue
            self.pipeline.includes.append(include)
            if include.kind != "local":
                continue
            if len(self.pipeline.includes) > MAX_INCLUDES:
                self.problem(
                    f"more than {MAX_INCLUDES} includes: GitLab refuses the pipeline", source, span
                )
                break
            for path, display in self.local_paths(include):
                key = _real(path)
                if key in stack:
                    chain = " → ".join(f"`{p.name}`" for p in (*stack[stack.index(key) :], key))
                    self.problem(f"include cycle: {chain}; GitLab refuses it", source, span)
                    continue
                parsed = self.read(path, display)
                if parsed is None:
                    self.problem(
                        f"include `{include.target}`: `{display}` cannot be read", source, span
                    )
                    continue
                include.files.append(parsed[0])
                merged = self.owners.merge(merged, self.collect(*parsed, (*stack, key)))
            include.resolved = bool(include.files)
        own = self.owners.copy_map(root, skip=frozenset({"include"}))
        result = self.owners.merge(merged, own)
        return result if isinstance(result, MergedMap) else own

    def include(self, entry: Any, source: SourceFile, span: Span) -> Include | None:
        if isinstance(entry, str):
            kind = "remote" if re.match(r"https?://", entry) else "local"
            return Include(kind, entry, None, source, span, False)
        if not isinstance(entry, dict):
            return None
        found = next((k for k in INCLUDE_KINDS if k in entry), None)
        if found is None or not isinstance(entry[found], str):
            return None
        kind, target, ref = found, entry[found], entry.get("ref")
        if kind == "project":
            files = entry.get("file")
            shown = files if isinstance(files, str) else ", ".join(map(str, files or []))
            target = f"{target}:{shown}" if shown else target
        elif kind == "component" and "@" in target:
            target, ref = target.rsplit("@", 1)[0], target.rsplit("@", 1)[1]
        ref_text = None if ref is None or isinstance(ref, dict | list) else str(ref)
        return Include(kind, target, ref_text, source, span, False)

    def local_paths(self, include: Include) -> list[tuple[FsPath, str]]:
        relative = include.target.strip().lstrip("/")
        if "*" not in relative:
            path = self.root_dir / relative
            if not path.is_file():
                self.problem(
                    f"include `{include.target}` names no file: local includes are relative to "
                    f"the repository root (taken as `{self.root_display or '.'}`, the directory "
                    "of the top .gitlab-ci.yml)",
                    include.source,
                    include.span,
                )
                return []
            return [(path, self.display(relative))]
        pattern = _glob_regex(relative)
        found = [p for p in self.files_below_root() if pattern.fullmatch(p)]
        if not found:
            self.problem(
                f"include `{include.target}` matches no file below the repository root "
                f"(`{self.root_display or '.'}`)",
                include.source,
                include.span,
            )
        return [(self.root_dir / p, self.display(p)) for p in found]

    def display(self, relative: str) -> str:
        return posixpath.normpath(posixpath.join(self.root_display, relative))

    def files_below_root(self) -> list[str]:
        if self.all_files is None:
            self.all_files = []
            for directory, dirs, names in os.walk(self.root_dir):
                dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
                base = os.path.relpath(directory, self.root_dir)
                for name in sorted(names):
                    self.all_files.append(name if base == "." else f"{base}/{name}")
                if len(self.all_files) > _MAX_GLOB_FILES:
                    break
        return self.all_files

    # ------------------------------------------------------------ references, extends, defaults

    def deref(self, value: Any, depth: int) -> Any:
        """``value`` with ``!reference`` tags replaced by what they name; a reference that is an
        item of a list and names a list is spliced in (one level), as GitLab does in scripts."""
        if is_reference(value):
            return self.reference(value, depth)
        if isinstance(value, list):
            out = MergedList()
            for i, item in enumerate(value):
                origin = self.owners.origin(value, i)
                if is_reference(item):
                    got = self.reference(item, depth)
                    if isinstance(got, list):
                        for j, sub in enumerate(got):
                            out.put(sub, self.owners.origin(got, j))
                    elif got is not None:
                        out.put(got, origin)
                    continue
                out.put(self.deref(item, depth), origin)
            return out
        if isinstance(value, dict):
            copied = MergedMap()
            for key, item in value.items():
                copied.put(key, self.deref(item, depth), self.owners.origin(value, key))
            return copied
        return value

    def reference(self, tag: Any, depth: int) -> Any:
        source, span = self.owners.node_span(tag)
        names = [str(part) for part in tag]
        shown = f"!reference [{', '.join(names)}]"
        if depth >= MAX_REFERENCE_DEPTH:
            self.problem(
                f"`{shown}` is nested more than {MAX_REFERENCE_DEPTH} levels deep", source, span
            )
            return None
        node: Any = self.config
        for i, name in enumerate(names):
            if not isinstance(node, dict) or name not in node:
                where = f"`{names[0]}`" if i == 0 else f"`{'.'.join(names[:i])}` has no `{name}`"
                what = "names no job or key" if i == 0 else ""
                self.problem(
                    f"`{shown}` cannot be resolved: {where} {what}".rstrip()
                    + "; GitLab refuses the pipeline",
                    source,
                    span,
                )
                return None
            node = node[name]
        return self.deref(node, depth + 1)

    def extended(self, name: str, chain: tuple[str, ...]) -> MergedMap:
        """Job ``name`` with its ``extends`` parents merged under it (references resolved)."""
        cached = self.resolved.get(name)
        if cached is not None:
            return cached
        raw = self.deref(self.config.get(name), 0)
        if not isinstance(raw, MergedMap):
            raw = MergedMap()
        parents = raw.get("extends")
        names = [parents] if isinstance(parents, str) else parents
        base: Any = MergedMap()
        for i, parent in enumerate(names if isinstance(names, list) else []):
            if not isinstance(parent, str):
                continue
            origin = self.owners.origin(raw, "extends")
            if isinstance(parents, list):
                origin = self.owners.origin(parents, i) or origin
            source, span = (
                (origin.source, origin.span(key=False)) if origin else (None, Span.point(1))
            )
            target = self.config.get(parent)
            if not isinstance(target, dict):
                self.problem(
                    f"`{name}` extends `{parent}`, which is not a job or hidden job of this "
                    "pipeline; GitLab refuses it",
                    source,
                    span,
                )
            elif parent in chain:
                cycle = " → ".join(f"`{c}`" for c in (*chain[chain.index(parent) :], parent))
                self.problem(f"extends cycle: {cycle}; GitLab refuses it", source, span)
            elif len(chain) > MAX_EXTENDS_DEPTH:
                self.problem(
                    f"`{chain[0]}` extends more than {MAX_EXTENDS_DEPTH} levels deep; GitLab "
                    "refuses it",
                    source,
                    span,
                )
            else:
                base = self.owners.merge(base, self.extended(parent, (*chain, parent)))
        merged = self.owners.merge(base, raw)
        result = merged if isinstance(merged, MergedMap) else raw
        if len(chain) == 1:
            self.resolved[name] = result
        return result

    def defaults(self) -> MergedMap:
        """``default:`` over the legacy top-level ``image``, ``services``, scripts and cache."""
        legacy = MergedMap()
        for key in LEGACY_GLOBALS:
            if key in self.config:
                legacy.put(key, self.config[key], self.owners.origin(self.config, key))
        merged = self.owners.merge(legacy, self.config.get("default") or {})
        result = self.deref(merged if isinstance(merged, dict) else legacy, 0)
        return result if isinstance(result, MergedMap) else MergedMap()

    def with_defaults(self, data: MergedMap, defaults: MergedMap) -> MergedMap:
        inherit = inherited(data, "default")
        missing = [
            k
            for k in DEFAULT_KEYS
            if k in defaults and k not in data and (inherit is None or k in inherit)
        ]
        if not missing:
            return data
        out = self.owners.copy_map(data)
        for key in missing:
            out.put(key, defaults[key], defaults.origins.get(key))
        return out


def _include_entries(root: YMap) -> Iterator[tuple[Any, Span]]:
    value = root.get("include")
    if value is None:
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield item, locate(value, (i,), key=False) or Span.point(1)
    else:
        yield value, locate(root, ("include",), key=False) or Span.point(1)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """GitLab's local include globs: ``*`` within a directory, ``**`` across directories."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def _real(path: FsPath) -> FsPath:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
