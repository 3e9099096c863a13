"""GitLab CI pipelines: ``.gitlab-ci.yml`` with local includes, ``default:``, ``extends:`` and
``!reference`` resolved as GitLab does, every value still locatable in the file that wrote it.

API for rules (targets ``gitlab-pipeline`` and ``gitlab-job``):

``Pipeline``
    ``source`` (the top file), ``files`` (``PipelineFile``: the top file and each local include,
    as written, for schema checks), ``includes`` (``Include``: kind, target, ref, source, span,
    resolved), ``problems`` (``PipelineProblem``: unresolved includes/extends/references, with
    ``finding(rule)``), ``config`` (the merged top level), ``jobs`` (``Job``, hidden ``.name``
    templates excluded), ``job(name)``, ``variables`` (top-level ``Variable``s), ``stages``,
    ``finding(rule, message, *path, at_value=False)``.

``Job``
    ``name``, ``pipeline``, ``source`` (file of the job key), ``data`` (the merged mapping: a
    ``dict`` after includes, ``extends``, ``default:``/legacy globals and ``!reference``;
    values are plain ``dict``/``list``/``str``...), ``get(key)``, ``origin(*path)`` (the
    ``Origin`` of the deepest written part of ``path``: ``.source``, ``.span()``),
    ``span_at(*path)``, ``finding(rule, message, *path, at_value=False, span=None,
    severity=None)`` (in the file where the value was written, e.g. an included ``.base``),
    ``variables`` (``dict[str, Variable]``, pipeline variables as inherited, then the job's),
    ``expand(text)`` (``$VAR``/``${VAR}`` with job, pipeline and predefined variables),
    ``images()`` (``ImageUse``: the job image and each service, raw and expanded, with path),
    ``script_lines(*sections)`` (``ScriptLine``: section, index, text, origin, span, and
    ``path`` to pass to ``finding``) over ``before_script``, ``script``, ``after_script``
    (lines inherited from another file point there), and ``stage``/``when``/``environment``.

``gitlab_build.build_pipeline(source, root, read)`` makes a ``Pipeline``. Nothing is fetched:
remote, project, template and component includes are recorded with ``resolved=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.model.gitlab_merge import (
    MergedMap,
    Origin,
    Owners,
)
from seawall.model.gitlab_vars import expand
from seawall.model.located import finding_written_at
from seawall.parse.yaml import PathPart, YMap, format_path, locate

ParsedFile = tuple[SourceFile, YMap]
Reader = Callable[[FsPath, str], ParsedFile | None]
"""Reads and parses a file (absolute path, display name); None when it cannot be read."""

# top-level keys that are not jobs
GLOBAL_KEYS = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "types",
        "spec",
    }
)
DEFAULT_KEYS = (
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "artifacts",
    "tags",
    "retry",
    "timeout",
    "interruptible",
    "hooks",
    "id_tokens",
)
LEGACY_GLOBALS = ("image", "services", "before_script", "after_script", "cache")
SCRIPT_SECTIONS = ("before_script", "script", "after_script")
INCLUDE_KINDS = ("local", "remote", "project", "template", "component")
MAX_EXTENDS_DEPTH = 11
MAX_REFERENCE_DEPTH = 10
MAX_INCLUDES = 150


@dataclass(frozen=True, slots=True)
class PipelineFile:
    """One file of a pipeline as written (the top file or a local include)."""

    source: SourceFile
    root: YMap

    def finding(self, rule: Rule, message: str, *path: PathPart, at_value: bool = False) -> Finding:
        span = locate(self.root, path, key=not at_value) or Span.point(1)
        where = format_path(path) if path else None
        return Finding(rule, rule.severity, message, self.source.display, span, path=where)


@dataclass(slots=True)
class Include:
    """One ``include:`` entry; ``ref`` is the ``ref:`` of a project include or the ``@version``
    of a component; ``files`` are the local files it resolved to."""

    kind: str
    target: str
    ref: str | None
    source: SourceFile
    span: Span
    resolved: bool
    files: list[SourceFile] = field(default_factory=list)

    def finding(self, rule: Rule, message: str) -> Finding:
        return Finding(rule, rule.severity, message, self.source.display, self.span)


@dataclass(frozen=True, slots=True)
class PipelineProblem:
    """Something GitLab would refuse: a missing include, an ``extends`` or ``!reference`` that
    names nothing, a cycle."""

    message: str
    source: SourceFile
    span: Span

    def finding(self, rule: Rule) -> Finding:
        return Finding(rule, rule.severity, self.message, self.source.display, self.span)


@dataclass(frozen=True, slots=True)
class Variable:
    """A CI variable: ``value`` as written (the ``value:`` of the long form), ``expand: false``
    as ``expand=False``; ``origin`` is where it was declared."""

    name: str
    value: str
    expand: bool
    origin: Origin | None


@dataclass(frozen=True, slots=True)
class ImageUse:
    """The job image or one service: ``text`` as written, ``expanded`` with variables; ``path``
    is the field in the job (``("image",)``, ``("image", "name")``, ``("services", 0)``)."""

    kind: str  # "image" or "service"
    text: str
    expanded: str
    path: tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """One command of a script section (a folded multi-line scalar is one command)."""

    section: str
    index: int
    text: str
    origin: Origin | None
    path: tuple[PathPart, ...]

    @property
    def span(self) -> Span:
        return self.origin.span(key=False) if self.origin else Span.point(1)

    @property
    def source(self) -> SourceFile | None:
        return self.origin.source if self.origin else None


class Job:
    """One job of a pipeline after includes, ``extends``, defaults and references."""

    __slots__ = ("data", "key_origin", "name", "pipeline")

    def __init__(self, pipeline: Pipeline, name: str, data: MergedMap, key: Origin | None) -> None:
        self.pipeline = pipeline
        self.name = name
        self.data = data
        self.key_origin = key

    @property
    def source(self) -> SourceFile:
        return self.key_origin.source if self.key_origin else self.pipeline.source

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def stage(self) -> str:
        stage = self.data.get("stage")
        return stage if isinstance(stage, str) else "test"

    @property
    def when(self) -> str | None:
        when = self.data.get("when")
        return when if isinstance(when, str) else None

    @property
    def environment(self) -> str | None:
        env = self.data.get("environment")
        if isinstance(env, dict):
            env = env.get("name")
        return env if isinstance(env, str) else None

    # ---------------------------------------------------------------- positions

    def origin(self, *path: PathPart) -> Origin | None:
        """Where the deepest written part of ``path`` was written (the job key for ``()``)."""
        owners = self.pipeline.owners
        node: Any = self.data
        best = self.key_origin
        for part in path:
            found = owners.origin(node, part)
            if found is None:
                break
            best = found
            node = node[part]
        return best

    def span_at(self, *path: PathPart, key: bool = True) -> Span:
        origin = self.origin(*path)
        return origin.span(key=key) if origin else Span.point(1)

    def finding(
        self,
        rule: Rule,
        message: str,
        *path: PathPart,
        at_value: bool = False,
        span: Span | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding at ``path`` in this job, in the file where that value was written (its
        nearest written ancestor when missing); ``span`` overrides the position in that file."""
        return finding_written_at(
            rule,
            message,
            self.origin(*path),
            self.source,
            format_path((self.name, *path)),
            at_value=at_value,
            span=span,
            severity=severity,
        )

    # ---------------------------------------------------------------- variables

    @property
    def variables(self) -> dict[str, Variable]:
        inherit = inherited(self.data, "variables")
        out = {k: v for k, v in self.pipeline.variables.items() if inherit is None or k in inherit}
        out.update(read_variables(self.data.get("variables"), self.pipeline.owners))
        return out

    def expand(self, text: str) -> str:
        """``text`` with known variables replaced (recursively, bounded); unknown ones stay."""
        variables = self.variables
        values = {name: v.value for name, v in variables.items()}
        verbatim = frozenset(name for name, v in variables.items() if not v.expand)
        return expand(text, values, verbatim=verbatim)

    # ---------------------------------------------------------------- images and scripts

    def images(self) -> list[ImageUse]:
        out: list[ImageUse] = []
        uses: list[tuple[str, Any, tuple[PathPart, ...]]] = [("image", self.data.get("image"), ())]
        services = self.data.get("services")
        if isinstance(services, list):
            uses.extend(("service", s, ("services", i)) for i, s in enumerate(services))
        for kind, value, base in uses:
            path = base or ("image",)
            if isinstance(value, dict):
                value, path = value.get("name"), (*path, "name")
            if isinstance(value, str) and value.strip():
                out.append(ImageUse(kind, value, self.expand(value), path))
        return out

    def script_lines(self, *sections: str) -> Iterator[ScriptLine]:
        owners = self.pipeline.owners
        for section in sections or SCRIPT_SECTIONS:
            value = self.data.get(section)
            if isinstance(value, str):
                origin = owners.origin(self.data, section)
                yield ScriptLine(section, 0, value, origin, (section,))
                continue
            if not isinstance(value, list):
                continue
            index = 0
            for i, item in enumerate(value):
                # GitLab accepts nested lists in scripts (anchors, references) and flattens them
                parts: list[tuple[Any, Origin | None, tuple[PathPart, ...]]] = [
                    (item, owners.origin(value, i), (section, i))
                ]
                if isinstance(item, list):
                    parts = [
                        (sub, owners.origin(item, j), (section, i, j)) for j, sub in enumerate(item)
                    ]
                for text, origin, path in parts:
                    if isinstance(text, str | int | float) and not isinstance(text, bool):
                        yield ScriptLine(section, index, str(text), origin, path)
                    index += 1

    def __repr__(self) -> str:
        return f"Job({self.name!r})"


def inherited(data: dict[str, Any], what: str) -> frozenset[str] | None:
    """``inherit: {default|variables: true|false|[keys]}``: None for all, else the keys."""
    inherit = data.get("inherit")
    value = inherit.get(what, True) if isinstance(inherit, dict) else True
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset() if value is False else None


def read_variables(value: Any, owners: Owners) -> dict[str, Variable]:
    """``variables:`` in the short (``NAME: value``) or long (``{value:, expand:}``) form."""
    out: dict[str, Variable] = {}
    if not isinstance(value, dict):
        return out
    for name, spec in value.items():
        expand_it = True
        if isinstance(spec, dict):
            expand_it = spec.get("expand") is not False
            spec = spec.get("value", "")
        if spec is None or isinstance(spec, dict | list):
            spec = ""
        text = str(spec).lower() if isinstance(spec, bool) else str(spec)
        out[str(name)] = Variable(str(name), text, expand_it, owners.origin(value, name))
    return out


class Pipeline:
    """One top-level pipeline file with everything it includes."""

    def __init__(self, source: SourceFile, root: YMap, owners: Owners) -> None:
        self.source = source
        self.root = root
        self.owners = owners
        self.files: list[PipelineFile] = []
        self.includes: list[Include] = []
        self.problems: list[PipelineProblem] = []
        self.config: MergedMap = MergedMap()
        self.jobs: list[Job] = []
        self.variables: dict[str, Variable] = {}
        self.index = 0  # position among the scan's pipelines

    @property
    def stages(self) -> list[str]:
        stages = self.config.get("stages")
        if isinstance(stages, list):
            return [s for s in stages if isinstance(s, str)]
        return [".pre", "build", "test", "deploy", ".post"]

    def job(self, name: str) -> Job | None:
        return next((j for j in self.jobs if j.name == name), None)

    def finding(self, rule: Rule, message: str, *path: PathPart, at_value: bool = False) -> Finding:
        """A finding at ``path`` of the merged top level, in the file that wrote it."""
        node: Any = self.config
        origin: Origin | None = None
        for part in path:
            found = self.owners.origin(node, part)
            if found is None:
                break
            origin, node = found, node[part]
        source = origin.source if origin else self.source
        span = origin.span(key=not at_value) if origin else Span.point(1)
        where = format_path(path) if path else None
        return Finding(rule, rule.severity, message, source.display, span, path=where)

    def __repr__(self) -> str:
        return f"Pipeline({self.source.display!r}, jobs={[j.name for j in self.jobs]})"
