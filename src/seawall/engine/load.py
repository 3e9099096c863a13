"""Turn discovered files into sources, parsed documents, resources and input findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seawall.core.finding import Finding, ResourceRef
from seawall.core.rule import Rule
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import FILE_START, Span
from seawall.load.classify import kind_from_content
from seawall.load.discover import Candidate
from seawall.load.read import InputProblem, ReadResult, decode, read_file
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.resource import Resource, resources_of
from seawall.parse.dockerfile import parse_dockerfile
from seawall.parse.yaml import Limits, YamlDocument, YamlProblem, YMap, parse_yaml

_MANIFEST_KINDS = frozenset({FileKind.KUBERNETES, FileKind.KUBEADM})
_TEMPLATE_MARK = "{{"


@dataclass(slots=True)
class LoadedFile:
    source: SourceFile
    documents: int = 0
    resources: list[Resource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dockerfile: DockerfileView | None = None


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


def load_bytes_result(
    candidate: Candidate, read: ReadResult, reporter: InputReporter, limits: Limits
) -> LoadedFile | None:
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
    _load_yaml(loaded, candidate, reporter, limits)
    if loaded.source.kind is FileKind.UNKNOWN:
        return None if not candidate.explicit else loaded
    return loaded


def _load_yaml(
    loaded: LoadedFile, candidate: Candidate, reporter: InputReporter, limits: Limits
) -> None:
    source = loaded.source
    display = source.display
    stream = parse_yaml(source.text, limits, source.lines)
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
