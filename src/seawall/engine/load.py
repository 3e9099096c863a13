"""Turn discovered files into sources, parsed documents, resources and input findings."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seawall.core.finding import Finding, ResourceRef
from seawall.core.lines import LineIndex
from seawall.core.rule import Rule
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import FILE_START, Span
from seawall.load.classify import kind_from_content
from seawall.load.discover import Candidate
from seawall.load.read import InputProblem, ReadResult, decode, read_file
from seawall.model.compose import (
    OVERRIDE_NAMES,
    ComposeProject,
    ParsedFile,
    ProjectInputs,
    build_project,
    service_build,
)
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.gitlab import Pipeline
from seawall.model.gitlab_build import build_pipeline
from seawall.model.resource import Resource, resources_of
from seawall.parse.compose_env import parse_env_file
from seawall.parse.dockerfile import parse_dockerfile
from seawall.parse.yaml import Limits, YamlDocument, YamlProblem, YamlStream, YMap, parse_yaml

YamlParser = Callable[[str, Limits, LineIndex | None], YamlStream]

_MANIFEST_KINDS = frozenset({FileKind.KUBERNETES, FileKind.KUBEADM})
_NOT_YAML = frozenset({FileKind.HELM_TEMPLATE, FileKind.DOCKERFILE})
_TEMPLATE_MARK = "{{"


@dataclass(slots=True)
class LoadedFile:
    source: SourceFile
    documents: int = 0
    resources: list[Resource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dockerfile: DockerfileView | None = None
    compose_root: YMap | None = None
    gitlab_root: YMap | None = None


class InputReporter:
    """Makes findings for input problems with the rule registered for each problem kind."""

    def __init__(self, rules_by_kind: dict[str, Rule]) -> None:
        self.rules = rules_by_kind

    def finding(
        self,
        kind: str,
        message: str,
        display: str,
        span: Span = FILE_START,
        resource: ResourceRef | None = None,
    ) -> Finding | None:
        rule = self.rules.get(kind)
        if rule is None:
            return None  # not selected
        return Finding(rule, rule.severity, message, display, span, resource)


def load_candidate(
    candidate: Candidate, reporter: InputReporter, max_bytes: int, limits: Limits
) -> LoadedFile | None:
    return load_bytes_result(candidate, read_file(candidate.path, max_bytes), reporter, limits)


def load_stdin(
    data: bytes, display: str, reporter: InputReporter, limits: Limits, max_bytes: int
) -> LoadedFile | None:
    from seawall.load.classify import kind_from_name

    path = Path(display)
    candidate = Candidate(path, display, kind_from_name(path, None), None, explicit=True)
    if len(data) > max_bytes:
        result = ReadResult(
            None, InputProblem("too-large", "standard input is over the size limit")
        )
    else:
        result = decode(data)
    return load_bytes_result(candidate, result, reporter, limits)


def load_problem(
    display: str, path: Path, problem: InputProblem, reporter: InputReporter
) -> LoadedFile:
    loaded = LoadedFile(SourceFile(path, display, FileKind.UNKNOWN))
    _add(loaded, reporter.finding(problem.kind, problem.message, display, problem.span))
    return loaded


def _add(loaded: LoadedFile, finding: Finding | None) -> None:
    if finding is not None:
        loaded.findings.append(finding)


def yaml_text(candidate: Candidate, read: ReadResult) -> str | None:
    """The text ``load_bytes_result`` will parse as YAML, or None when it parses none."""
    text = read.text
    if read.problem is not None or text is None or candidate.name_kind in _NOT_YAML:
        return None
    return text if text.strip() else None


def load_bytes_result(
    candidate: Candidate,
    read: ReadResult,
    reporter: InputReporter,
    limits: Limits,
    parse: YamlParser = parse_yaml,
) -> LoadedFile | None:
    """``parse`` may hand back documents parsed elsewhere (``engine.parse_share``)."""
    display = candidate.display
    if read.problem is not None or read.text is None:
        problem = read.problem or InputProblem("unreadable", "could not read the file")
        return load_problem(display, candidate.path, problem, reporter)
    text = read.text
    kind = candidate.name_kind
    source = SourceFile(candidate.path, display, kind or FileKind.UNKNOWN, text)
    loaded = LoadedFile(source)
    if kind is FileKind.HELM_TEMPLATE:
        return loaded  # rendered by the Helm front end, never read as plain YAML
    if not text.strip():
        _add(loaded, reporter.finding("empty", "the file is empty", display))
        return loaded
    if kind is FileKind.DOCKERFILE:
        _load_dockerfile(loaded, reporter)
        return loaded
    _load_yaml(loaded, candidate, reporter, limits, parse)
    if loaded.source.kind is FileKind.UNKNOWN:
        return None if not candidate.explicit else loaded
    return loaded


def _load_yaml(
    loaded: LoadedFile,
    candidate: Candidate,
    reporter: InputReporter,
    limits: Limits,
    parse: YamlParser,
) -> None:
    source = loaded.source
    display = source.display
    stream = parse(source.text, limits, source.lines)
    roots = [d.root for d in stream.documents if d.root is not None]
    kind = candidate.name_kind or kind_from_content(roots)
    is_json = candidate.path.suffix.lower() == ".json"
    if is_json and kind is FileKind.YAML:
        source.kind = FileKind.UNKNOWN  # any other JSON file is none of our business
        return
    source.kind = kind
    loaded.documents = len(roots)
    for problem in stream.problems:
        _add(loaded, _yaml_problem(problem, source, reporter, candidate))
    templated = [d for d in stream.documents if d.templated]
    if templated and candidate.chart_root is None:
        _add(loaded, _template_finding(templated[0], source, reporter))
    if kind is FileKind.COMPOSE:
        first = stream.documents[0].root if stream.documents else None
        if isinstance(first, YMap) and not stream.documents[0].templated:
            loaded.compose_root = first
        return
    if kind is FileKind.GITLAB_CI:
        first = stream.documents[-1].root if stream.documents else None
        if isinstance(first, YMap):
            loaded.gitlab_root = first  # a component's `spec:` header is the first document
        return
    if kind not in _MANIFEST_KINDS:
        return
    objects = [r for r in roots if isinstance(r, YMap) and ("apiVersion" in r or "kind" in r)]
    for document in stream.documents:
        root = document.root
        if root is None or document.templated:
            continue
        if not isinstance(root, YMap):
            what = "a list" if isinstance(root, list) else "a scalar value"
            _add(
                loaded,
                reporter.finding(
                    "document-not-object",
                    f"document {document.index + 1} is {what}, not a Kubernetes object; "
                    "`kubectl apply` rejects the whole file",
                    display,
                    document.span,
                ),
            )
            continue
        has_version, has_kind = "apiVersion" in root, "kind" in root
        if not (has_version and has_kind) and (has_version or has_kind or objects):
            missing = " and ".join(
                k for k, present in (("apiVersion", has_version), ("kind", has_kind)) if not present
            )
            _add(
                loaded,
                reporter.finding(
                    "missing-kind",
                    f"document {document.index + 1} has no `{missing}`; the API server cannot "
                    "decode it",
                    display,
                    Span(
                        document.span.line,
                        document.span.column,
                        document.span.line,
                        document.span.column + 1,
                        document.span.offset,
                        document.span.offset + 1,
                    ),
                ),
            )
            continue
        loaded.resources.extend(resources_of(source, root, document.index))


def _load_dockerfile(loaded: LoadedFile, reporter: InputReporter) -> None:
    doc = parse_dockerfile(loaded.source.text)
    loaded.dockerfile = DockerfileView(loaded.source, doc, _dockerignore_beside(loaded.source))
    loaded.documents = 1
    for problem in doc.problems:
        _add(
            loaded,
            reporter.finding(
                f"dockerfile-{problem.kind}", problem.message, loaded.source.display, problem.span
            ),
        )


def _dockerignore_beside(source: SourceFile) -> str | None:
    if source.display == "-":
        return None
    for name in (f"{source.path.name}.dockerignore", ".dockerignore"):
        if (source.path.parent / name).is_file():
            return name
    return None


def _template_finding(
    document: YamlDocument, source: SourceFile, reporter: InputReporter
) -> Finding | None:
    return reporter.finding(
        "unrendered-template",
        "template placeholders ({{ ... }}) parse as YAML mappings here, so the values are not "
        "what will be deployed; the templated documents were not analysed: scan the rendered "
        "output instead",
        source.display,
        _first_template_span(source, document),
    )


def _first_template_span(source: SourceFile, document: YamlDocument) -> Span:
    offset = source.text.find("{{", document.span.offset)
    if offset < 0:
        return document.span
    return source.lines.span(offset, offset + 2)


def _yaml_problem(
    problem: YamlProblem, source: SourceFile, reporter: InputReporter, candidate: Candidate
) -> Finding | None:
    if problem.kind == "syntax" and _TEMPLATE_MARK in source.text and candidate.chart_root is None:
        return reporter.finding(
            "unrendered-template",
            "template syntax ({{ ... }}) that does not parse as YAML: scan the rendered output "
            f"instead (parser: {problem.message.removeprefix('YAML syntax error: ')})",
            source.display,
            problem.span,
        )
    return reporter.finding(problem.kind, problem.message, source.display, problem.span)


# --------------------------------------------------------------------------- compose projects


@dataclass(slots=True)
class ComposeSettings:
    """How compose files are interpolated and grouped: ``use_environment`` lets the process
    environment win over env files (``--compose-env``); ``env_files`` replace the ``.env`` beside
    the project (``--env-file``); ``files`` is one explicit merge order (``--compose-file``)."""

    use_environment: bool = False
    env_files: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()
    profiles: tuple[str, ...] = ()


@dataclass(slots=True)
class ComposeLoad:
    projects: list[ComposeProject]
    findings: list[Finding]
    extra_sources: list[SourceFile]


class _ComposeFiles:
    """Reads files that projects refer to, once each; scanned files are reused."""

    def __init__(
        self,
        loaded: list[LoadedFile],
        limits: Limits,
        max_bytes: int,
        kind: FileKind = FileKind.COMPOSE,
    ) -> None:
        self.limits = limits
        self.max_bytes = max_bytes
        self.kind = kind
        self.by_path: dict[Path, ParsedFile | None] = {}
        for item in loaded:
            root = item.gitlab_root if kind is FileKind.GITLAB_CI else item.compose_root
            if root is not None:
                self.by_path[_real(item.source.path)] = (item.source, root)
        self.extra: list[SourceFile] = []
        self.env_cache: dict[Path, dict[str, str]] = {}

    def resolve(self, path: Path, display: str) -> ParsedFile | None:
        key = _real(path)
        if key in self.by_path:
            return self.by_path[key]
        read = read_file(path, self.max_bytes)
        parsed: ParsedFile | None = None
        if read.text is not None:
            source = SourceFile(path, display, self.kind, read.text)
            stream = parse_yaml(read.text, self.limits, source.lines)
            index = -1 if self.kind is FileKind.GITLAB_CI else 0
            root = stream.documents[index].root if stream.documents else None
            if isinstance(root, YMap):
                parsed = (source, root)
                self.extra.append(source)
        self.by_path[key] = parsed
        return parsed


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _env_files_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _project_env(
    directory: Path, settings: ComposeSettings, cache: dict[Path, dict[str, str]]
) -> dict[str, str]:
    """The interpolation environment of a project in ``directory``: ``--env-file`` files (else
    the ``.env`` beside it), then the process environment when ``--compose-env`` asks for it."""
    key = _real(directory)
    if key in cache:
        return cache[key]
    base = dict(os.environ) if settings.use_environment else {}
    env: dict[str, str] = {}
    for path in settings.env_files or (directory / ".env",):
        text = _env_files_text(path)
        if text is not None:
            env.update(parse_env_file(text, {**env, **base}).as_dict())
    env.update(base)
    cache[key] = env
    return env


def _groups(
    loaded: list[LoadedFile], settings: ComposeSettings, files: _ComposeFiles, cwd: Path
) -> list[list[ParsedFile]]:
    """Base files with the override file beside them; every other compose file alone; an
    explicit ``--compose-file`` order first, as one project."""
    groups: list[list[ParsedFile]] = []
    taken: set[Path] = set()
    if settings.files:
        explicit: list[ParsedFile] = []
        for path in settings.files:
            full = path if path.is_absolute() else cwd / path
            parsed = files.resolve(full, str(path))
            if parsed is not None:
                explicit.append(parsed)
                taken.add(_real(full))
        if explicit:
            groups.append(explicit)
    compose = [i for i in loaded if i.compose_root is not None]
    overrides: dict[Path, LoadedFile] = {}
    for item in compose:
        overrides[_real(item.source.path)] = item
    used_as_override: set[Path] = set()
    for item in compose:
        names = OVERRIDE_NAMES.get(item.source.path.name.lower())
        if names is None:
            continue
        for name in names:
            other = overrides.get(_real(item.source.path.parent / name))
            if other is not None:
                used_as_override.add(_real(other.source.path))
                break
    for item in compose:
        real = _real(item.source.path)
        if real in taken or real in used_as_override:
            continue
        assert item.compose_root is not None
        group: list[ParsedFile] = [(item.source, item.compose_root)]
        for name in OVERRIDE_NAMES.get(item.source.path.name.lower(), ()):
            other = overrides.get(_real(item.source.path.parent / name))
            if other is not None and other.compose_root is not None:
                group.append((other.source, other.compose_root))
                break
        groups.append(group)
    return groups


def load_compose_projects(
    loaded: list[LoadedFile],
    settings: ComposeSettings,
    reporter: InputReporter,
    limits: Limits,
    max_bytes: int,
    cwd: Path | None = None,
) -> ComposeLoad:
    """Group the scan's compose files into projects and build each; problems become findings
    of the input rules for their kind (once each, though a file may serve several projects)."""
    files = _ComposeFiles(loaded, limits, max_bytes)
    here = cwd or Path.cwd()
    projects: list[ComposeProject] = []
    findings: list[Finding] = []
    seen: set[tuple[str, str, int, int, str]] = set()
    cache: dict[Path, dict[str, str]] = {}
    for index, group in enumerate(_groups(loaded, settings, files, here)):
        directory = group[0][0].path.parent
        inputs = ProjectInputs(
            files=group,
            env=_project_env(directory, settings, cache),
            resolve=files.resolve,
            selected_profiles=settings.profiles,
            env_for=lambda d: _project_env(d, settings, cache),
        )
        project = build_project(inputs, index)
        _attach_builds(project, loaded)
        projects.append(project)
        for problem in project.problems:
            key = (
                problem.kind,
                problem.source.display,
                problem.span.line,
                problem.span.column,
                problem.message,
            )
            if key in seen:
                continue
            seen.add(key)
            _add_to(
                findings,
                reporter.finding(
                    problem.kind, problem.message, problem.source.display, problem.span
                ),
            )
    return ComposeLoad(projects, findings, files.extra)


def _add_to(findings: list[Finding], finding: Finding | None) -> None:
    if finding is not None:
        findings.append(finding)


def _attach_builds(project: ComposeProject, loaded: list[LoadedFile]) -> None:
    """Resolve every service's ``build`` and link the scanned Dockerfile it names; whether the
    file exists is checked here, so rules do no I/O."""
    views = [i.dockerfile for i in loaded if i.dockerfile is not None]
    by_path = {_real(v.source.path): v for v in views if v.source.display != "-"}
    for service in project.services:
        build = service_build(service)
        if build is None:
            continue
        if build.path is not None:
            real = _real(build.path)
            build.view = by_path.get(real)
            build.exists = build.view is not None or build.path.is_file()
            name = build.path.name
            build.namesakes = tuple(
                v for v in views if v.source.path.name == name and _real(v.source.path) != real
            )
        project.builds[service.name] = build


# --------------------------------------------------------------------------- GitLab pipelines


@dataclass(slots=True)
class GitlabLoad:
    pipelines: list[Pipeline]
    extra_sources: list[SourceFile]


def load_gitlab_pipelines(loaded: list[LoadedFile], limits: Limits, max_bytes: int) -> GitlabLoad:
    """One pipeline per scanned GitLab CI file that no other scanned pipeline includes; included
    files that were not scanned are read here and returned for suppression comments."""
    files = _ComposeFiles(loaded, limits, max_bytes, FileKind.GITLAB_CI)
    pipelines: list[Pipeline] = []
    for item in loaded:
        if item.gitlab_root is not None:
            pipelines.append(build_pipeline(item.source, item.gitlab_root, files.resolve))
    included = {
        _real(f.source.path) for p in pipelines for f in p.files if f.source is not p.source
    }
    # files that include each other in a cycle are still scanned once, from the first
    tops = [p for p in pipelines if _real(p.source.path) not in included] or pipelines[:1]
    for index, pipeline in enumerate(tops):
        pipeline.index = index
    return GitlabLoad(tops, files.extra)
