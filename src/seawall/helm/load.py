"""Charts in the scan set: read, render with Helm, turn rendered objects into ``Resource``s, and
move findings on rendered objects back to the template (and values) lines behind them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from seawall.core.finding import Finding
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import FILE_START, Span
from seawall.helm.chart import ChartTree, read_chart_archive, read_chart_dir
from seawall.helm.mapping import Alignment, LineOrigin, align, analyse, path_of_line
from seawall.helm.render import INSTALL_HINT, RenderOutput, RenderRequest, find_renderer
from seawall.helm.view import ChartView
from seawall.model.resource import Resource, resources_of
from seawall.parse.yaml import Limits, YMap, format_path, locate, parse_yaml

# (kind, message, display, span) -> a finding of the input rule for that kind, or None
Report = Callable[[str, str, str, Span], Finding | None]

_WHERE = re.compile(
    r"(?P<key>[\w.-]+(?:/[\w.@-]+)*/templates/[\w./@-]+?\.(?:ya?ml|tpl|txt|json))"
    r"(?::(?P<line>\d+))?(?::(?P<column>\d+))?"
)
_SCHEMA_CHART = re.compile(r"^(?P<chart>[\w.-]+):\s*$")
_SCHEMA_ERROR = re.compile(r"^-?\s*at '(?P<pointer>[^']*)':\s*(?P<message>.*)$")
_MISSING_DEPS = "missing in charts/"


@dataclass(frozen=True, slots=True)
class HelmSettings:
    """The Helm options of a scan (``seawall check --values/--set/...``)."""

    value_files: tuple[Path, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string_values: tuple[str, ...] = ()
    release_name: str = "release-name"
    namespace: str = "default"
    api_versions: tuple[str, ...] = ()
    ci_scenarios: bool = False


@dataclass(slots=True)
class ValueLayer:
    """One source of values in Helm's precedence; ``prefix`` is where the rendering chart's
    values live in it (``("sub",)`` for a subchart's values in its parent's ``values.yaml``)."""

    label: str
    source: SourceFile | None
    root: Any
    prefix: tuple[str, ...]


@dataclass(slots=True)
class RenderedTemplate:
    key: str
    tree: ChartTree
    template: SourceFile | None
    rendered: SourceFile
    roots: list[tuple[int, int, Any]]  # (start offset, end offset, document root)
    layers: list[ValueLayer]
    helpers: list[SourceFile]
    scenario: str | None
    _alignment: Alignment | None = None

    def alignment(self) -> Alignment:
        if self._alignment is None:
            own, helpers = analyse(self.template) if self.template else ([], [])
            for source in self.helpers:
                if source is not self.template:
                    helpers.extend(analyse(source)[1])
            self._alignment = align(self.rendered.text, own, helpers)
        return self._alignment


@dataclass(slots=True)
class HelmLoad:
    charts: list[ChartView] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    rendered: dict[str, RenderedTemplate] = field(default_factory=dict)  # rendered display ->
    archives: int = 0  # packaged charts read: files of the scan besides the loaded ones

    def relocate(self, finding: Finding) -> tuple[Finding, tuple[tuple[str, int], ...]]:
        """The finding moved to the template line behind it, and the values line (for inline
        suppressions there); findings on other files come back unchanged."""
        origin = self.rendered.get(finding.file)
        if origin is None:
            return finding, ()
        return _relocate(finding, origin)


# --------------------------------------------------------------------------- loading


def chart_sources(loaded_charts: Iterable[SourceFile]) -> list[SourceFile]:
    """Top-level charts only: a chart under another scanned chart's ``charts/`` is rendered as
    that chart's dependency."""
    charts = list(loaded_charts)
    roots = {s.path.parent.resolve() for s in charts}
    out = []
    for source in charts:
        directory = source.path.parent.resolve()
        if directory.parent.name == "charts" and directory.parent.parent in roots:
            continue
        out.append(source)
    return out


def load_helm(
    chart_files: Sequence[SourceFile],
    archives: Sequence[tuple[Path, str]],
    settings: HelmSettings,
    kube_version: tuple[int, int],
    report: Report,
    limits: Limits,
) -> HelmLoad:
    result = HelmLoad()
    trees: list[tuple[ChartTree, Path]] = []
    for source in chart_sources(chart_files):
        prefix = source.display[: -len("Chart.yaml")]
        tree = read_chart_dir(source.path.parent, prefix, limits)
        if tree is not None:
            trees.append((tree, source.path.parent))
    result.archives = len(archives)
    for path, display in archives:
        tree = read_chart_archive(path, display, limits)
        if tree is None:
            _add(
                result,
                report("helm-chart-invalid", "not a Helm chart archive", display, FILE_START),
            )
            continue
        trees.append((tree, path))
    if not trees:
        return result
    renderer = find_renderer()
    for tree, path in trees:
        assert tree.chart_source is not None
        view = ChartView(tree, tree.chart_source)
        result.charts.append(view)
        for sub in tree.walk():
            result.sources.extend(filter(None, (sub.chart_source, sub.values_source)))
            result.sources.extend(sub.templates.values())
            result.sources.extend(s for s, _ in sub.extra_values)
        _report_missing_dependencies(tree, result, report)
        if renderer is None:
            _add(
                result,
                report(
                    "helm-unavailable",
                    f"chart {tree.name} was not rendered, so its objects were not checked: "
                    f"no Helm engine is available ({INSTALL_HINT}, or put `helm` on PATH)",
                    tree.chart_source.display,
                    FILE_START,
                ),
            )
            continue
        scenarios: list[SourceFile | None] = [None]
        if settings.ci_scenarios:
            scenarios += [s for s, _ in tree.extra_values]
        for scenario in scenarios:
            files = settings.value_files + ((scenario.path,) if scenario else ())
            request = RenderRequest(
                release_name=settings.release_name,
                namespace=settings.namespace,
                value_files=files,
                set_values=settings.set_values,
                set_string_values=settings.set_string_values,
                kube_version=f"{kube_version[0]}.{kube_version[1]}",
                api_versions=settings.api_versions,
            )
            output = renderer.render(path, request)
            layers = _root_layers(settings, scenario, limits)
            if output.error is not None:
                _report_error(tree, output, layers, result, report, scenario)
                continue
            count = _add_rendered(tree, output, layers, scenario, result, limits)
            if scenario is None:
                view.rendered = True
                view.objects = count
    return result


def _add(result: HelmLoad, finding: Finding | None) -> None:
    if finding is not None:
        result.findings.append(finding)


def _report_missing_dependencies(tree: ChartTree, result: HelmLoad, report: Report) -> None:
    assert tree.chart_source is not None
    vendored = tree.vendored_names() | {s.alias for s in tree.subcharts}
    for index, dependency in enumerate(tree.declared_dependencies()):
        name = dependency.get("name")
        if not isinstance(name, str) or name in vendored:
            continue
        repository = dependency.get("repository") or "its repository"
        span = locate(tree.chart_yaml, ("dependencies", index, "name")) or FILE_START
        _add(
            result,
            report(
                "helm-dependency-missing",
                f"dependency {name} of chart {tree.name} is declared in Chart.yaml but not in "
                f"charts/, so it was not rendered or checked (Helm refuses to install the chart "
                f"too): run `helm dependency build` to vendor it from {repository}, then scan "
                "again",
                tree.chart_source.display,
                span,
            ),
        )


def _values_root(source: SourceFile, limits: Limits) -> Any:
    stream = parse_yaml(source.text, limits, source.lines)
    root = stream.documents[0].root if stream.documents else None
    return root if isinstance(root, YMap) else None


def _set_tree(expressions: Sequence[str]) -> dict[str, Any]:
    """``a.b=1,c=2`` as nested keys (for naming the origin of a value; Helm parses the values)."""
    out: dict[str, Any] = {}
    for expression in expressions:
        for part in re.split(r"(?<!\\),", expression):
            key, _, value = part.partition("=")
            node = out
            names = [k for k in re.split(r"(?<!\\)\.", key.strip()) if k]
            for name in names[:-1]:
                child = node.setdefault(name, {})
                node = child if isinstance(child, dict) else {}
            if names:
                node[names[-1]] = value
    return out


def _root_layers(
    settings: HelmSettings, scenario: SourceFile | None, limits: Limits
) -> list[ValueLayer]:
    """Values given at the top level, highest precedence first (chart files come later)."""
    layers = [
        ValueLayer("--set-string", None, _set_tree(settings.set_string_values), ()),
        ValueLayer("--set", None, _set_tree(settings.set_values), ()),
    ]
    files = [*settings.value_files]
    for path in reversed(files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        source = SourceFile(path, path.as_posix(), FileKind.HELM_VALUES, text)
        layers.append(ValueLayer(source.display, source, _values_root(source, limits), ()))
    if scenario is not None:
        root = _values_root(scenario, limits)
        layers.insert(2, ValueLayer(scenario.display, scenario, root, ()))
    return layers


def _chart_layers(tree: ChartTree, root_layers: list[ValueLayer]) -> list[ValueLayer]:
    """Every values source a template of ``tree`` reads, highest precedence first."""
    chain = tree.chain()
    below = [c.alias for c in chain[1:]]
    layers = [replace(layer, prefix=tuple(below)) for layer in root_layers]
    for depth, chart in enumerate(chain):
        if chart.values_source is not None:
            layers.append(
                ValueLayer(
                    chart.values_source.display,
                    chart.values_source,
                    chart.values,
                    tuple(below[depth:]),
                )
            )
    return layers


def _add_rendered(
    tree: ChartTree,
    output: RenderOutput,
    root_layers: list[ValueLayer],
    scenario: SourceFile | None,
    result: HelmLoad,
    limits: Limits,
) -> int:
    index = {k: (t, s) for t in tree.walk() for k, s in t.templates.items()}
    helpers = [s for t in tree.walk() for s in t.templates.values() if "define" in s.text]
    count = 0
    for key, text in sorted(output.manifests.items()):
        if not text.strip() or key.endswith("NOTES.txt"):
            continue
        owner, template = index.get(key, (tree, None))
        base = template.display if template is not None else f"{tree.display}{key}"
        suffix = f"@{scenario.display}" if scenario is not None else "@rendered"
        rendered = SourceFile(
            template.path if template is not None else tree.chart_source.path,  # type: ignore[union-attr]
            base + suffix,
            FileKind.KUBERNETES,
            text,
            variant=scenario.display if scenario is not None else None,
        )
        stream = parse_yaml(text, limits, rendered.lines)
        roots: list[tuple[int, int, Any]] = []
        for document in stream.documents:
            if document.root is None:
                continue
            roots.append((document.span.offset, document.span.end_offset, document.root))
            for resource in resources_of(rendered, document.root, document.index):
                result.resources.append(resource)
                count += 1
        result.rendered[rendered.display] = RenderedTemplate(
            key,
            owner,
            template,
            rendered,
            roots,
            _chart_layers(owner, root_layers),
            helpers,
            scenario.display if scenario is not None else None,
        )
    return count


# --------------------------------------------------------------------------- errors


def _report_error(
    tree: ChartTree,
    output: RenderOutput,
    root_layers: list[ValueLayer],
    result: HelmLoad,
    report: Report,
    scenario: SourceFile | None,
) -> None:
    assert tree.chart_source is not None and output.error is not None
    message = output.error.strip()
    where = f" with {scenario.display}" if scenario is not None else ""
    if _MISSING_DEPS in message:
        return  # reported per dependency already
    if output.error_kind == "values":
        for finding in _schema_findings(tree, message, root_layers, report, where):
            _add(result, finding)
        return
    index = {k: s for t in tree.walk() for k, s in t.templates.items()}
    match = _WHERE.search(message)
    template = index.get(match["key"]) if match else None
    if match is not None and template is not None:
        line = int(match["line"] or 1)
        column = int(match["column"] or 0) or _first_column(template, line)
        span = Span(line, column, line, max(column + 1, len(template.line_text(line)) + 1))
        display = template.display
    else:
        span, display = FILE_START, tree.chart_source.display
    kind = "helm-template-error" if output.error_kind == "template" else "helm-chart-invalid"
    _add(
        result,
        report(
            kind,
            f"chart {tree.name} does not render{where}: {_short(message)}; nothing in it was "
            "checked",
            display,
            span,
        ),
    )


def _first_column(source: SourceFile, line: int) -> int:
    text = source.line_text(line)
    return len(text) - len(text.lstrip()) + 1


def _short(message: str) -> str:
    return " ".join(message.split())[:400]


def _schema_findings(
    tree: ChartTree, message: str, root_layers: list[ValueLayer], report: Report, where: str
) -> Iterable[Finding | None]:
    assert tree.chart_source is not None
    charts = {t.name: t for t in tree.walk()}
    current = tree
    found = False
    for raw in message.splitlines():
        line = raw.strip()
        head = _SCHEMA_CHART.match(line)
        if head is not None and head["chart"] in charts:
            current = charts[head["chart"]]
            continue
        error = _SCHEMA_ERROR.match(line)
        if error is None:
            continue
        found = True
        key = tuple(p for p in error["pointer"].split("/") if p)
        layer, span = _value_origin(_chart_layers(current, root_layers), key)
        display = layer.source.display if layer and layer.source else current.chart_source.display  # type: ignore[union-attr]
        dotted = ".".join(key) or "(top level)"
        # a value from the command line has no file: say so where the finding lands instead
        given = f" (given by {layer.label})" if layer is not None and layer.source is None else ""
        yield report(
            "helm-values-invalid",
            f"values of chart {current.name} break its values.schema.json{where}: {dotted}"
            f"{given}: {error['message']}; Helm refuses to render or install with these values",
            display,
            span or FILE_START,
        )
    if not found:
        yield report(
            "helm-values-invalid",
            f"chart {tree.name} rejects its values{where}: {_short(message)}",
            tree.chart_source.display,
            FILE_START,
        )


# --------------------------------------------------------------------------- relocation


def _value_origin(
    layers: Sequence[ValueLayer], key: Sequence[str | int]
) -> tuple[ValueLayer | None, Span | None]:
    """The highest-precedence layer that writes ``key`` and the span of that key in it."""
    for layer in layers:
        full = tuple(key) if key and key[0] == "global" else (*layer.prefix, *key)
        if not _written(layer.root, full):
            continue
        if isinstance(layer.root, YMap):
            return layer, locate(layer.root, full)
        return layer, None
    return None, None


def _written(root: Any, path: Sequence[str | int]) -> bool:
    node = root
    for part in path:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if (isinstance(node, dict) and part in node) or in_list:
            node = node[part]
        else:
            return False
    return bool(path)


def _value_at(layers: Sequence[ValueLayer], key: Sequence[str]) -> Any:
    for layer in layers:
        full = tuple(key) if key and key[0] == "global" else (*layer.prefix, *key)
        if _written(layer.root, full):
            node = layer.root
            for part in full:
                node = node[part]
            return node
    return None


def _same(value: Any, rendered: Any) -> bool:
    if isinstance(value, dict | list) or value is None:
        return False
    text = str(value).lower() if isinstance(value, bool) else str(value)
    other = str(rendered).lower() if isinstance(rendered, bool) else str(rendered)
    return text == other


def _relocate(
    finding: Finding, origin: RenderedTemplate
) -> tuple[Finding, tuple[tuple[str, int], ...]]:
    rendered_line = finding.span.line - 1
    alignment = origin.alignment()
    line_origin = (
        alignment.origins[rendered_line] if rendered_line < len(alignment.origins) else None
    )
    if line_origin is None:
        line_origin = _nearest(alignment.origins, rendered_line)
    scenario = f" [values {origin.scenario}]" if origin.scenario else ""
    if line_origin is None:
        target = origin.template
        display = target.display if target else origin.rendered.display
        note = f" (rendered from {origin.key}{scenario})"
        return replace(
            finding, file=display, span=Span.point(1), message=finding.message + note
        ), ()
    template_line = line_origin.line
    text = template_line.source.line_text(template_line.number)
    column = len(text) - len(text.lstrip()) + 1
    span = Span(template_line.number, column, template_line.number, max(column + 1, len(text) + 1))
    values_note, also = _values_note(finding, origin, line_origin)
    message = (
        finding.message + f" (rendered{values_note}{scenario})"
        if values_note or scenario
        else finding.message
    )
    return replace(finding, file=template_line.source.display, span=span, message=message), also


def _nearest(origins: Sequence[LineOrigin | None], line: int) -> LineOrigin | None:
    for index in range(min(line, len(origins) - 1), -1, -1):
        if origins[index] is not None:
            return origins[index]
    return next((o for o in origins if o is not None), None)


def _rendered_path(origin: RenderedTemplate, line: int) -> tuple[Any, Any] | None:
    """(document root, path) of the field written on rendered ``line`` (0-based)."""
    starts = origin.rendered.line_starts()
    if line >= len(starts):
        return None
    start = starts[line]
    end = starts[line + 1] if line + 1 < len(starts) else len(origin.rendered.text)
    for first, last, root in origin.roots:
        if first <= start <= last:
            path = path_of_line(root, start, end)
            if path is not None:
                return root, path
    return None


def _values_note(
    finding: Finding, origin: RenderedTemplate, line_origin: LineOrigin
) -> tuple[str, tuple[tuple[str, int], ...]]:
    found = _rendered_path(origin, finding.span.line - 1)
    if found is None:
        return "", ()
    root, path = found
    value: Any = root
    for part in path:
        value = value[part]
    refs = line_origin.line.refs
    key: tuple[str | int, ...] | None = None
    if line_origin.generated and line_origin.anchor is not None and refs:
        anchor = _rendered_path(origin, line_origin.anchor)
        if anchor is not None and anchor[0] is root and path[: len(anchor[1])] == anchor[1]:
            key = (*refs[-1], *path[len(anchor[1]) :])
        else:
            key = (*refs[-1], *path[-1:])
    elif refs:
        matching = [r for r in refs if _same(_value_at(origin.layers, r), value)]
        key = matching[0] if matching else (refs[0] if len(refs) == 1 else None)
    if key is None:
        return "", ()
    layer, span = _value_origin(origin.layers, key)
    if layer is None:
        return "", ()
    dotted = format_path(tuple(key))
    if layer.source is None or span is None:
        return f" from {layer.label} {dotted}", ()
    return f" from {layer.source.display}:{span.line} {dotted}", (
        (layer.source.display, span.line),
    )
