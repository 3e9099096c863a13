"""``scan``: the pipeline every front end calls."""

from __future__ import annotations

import gc
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from seawall.core.finding import Finding, ResourceRef
from seawall.core.severity import Severity
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import Span
from seawall.engine import forked
from seawall.engine.baseline import fingerprint, load_baseline
from seawall.engine.config import DEFAULT_MAX_FILE_SIZE
from seawall.engine.context import RuleContext, Settings
from seawall.engine.load import (
    ComposeSettings,
    InputReporter,
    LoadedFile,
    load_bytes_result,
    load_candidate,
    load_compose_projects,
    load_gitlab_pipelines,
    load_problem,
    load_stdin,
    yaml_text,
)
from seawall.engine.parse_share import start_parse_share
from seawall.engine.registry import RegisteredRule, Registry, load_registry
from seawall.engine.result import ScanResult
from seawall.engine.selection import select_rules
from seawall.engine.suppression import FileSuppressions, parse_suppressions
from seawall.engine.versions import resolve_kubernetes_version
from seawall.graph.external import ExternalObjects
from seawall.graph.graph import ResourceGraph
from seawall.helm.load import HelmLoad, HelmSettings, load_helm
from seawall.helm.view import ChartView
from seawall.load.discover import discover
from seawall.load.read import read_file
from seawall.model.compose import ComposeProject, ComposeService
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.gatekeeper import is_constraint, is_template
from seawall.model.gitlab import Job, Pipeline
from seawall.model.located import Located
from seawall.model.podspec import PodSpecView, pod_spec_of
from seawall.model.resource import IGNORE_ANNOTATION, Resource, parse_ignore_annotation
from seawall.parse.yaml import Limits, parse_yaml
from seawall.parse.yaml import Path as FieldPath
from seawall.policy.kubernetes_releases import RELEASES
from seawall.policy.pod_security import PodSecurityConfig

Progress = Callable[[int, int], None]
View = Located | DockerfileView | ComposeProject | ComposeService | Pipeline | Job | ChartView


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything that shapes one scan, already merged from configuration and command line."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    kubernetes_version: str | None = None
    kubernetes_version_source: str | None = None
    fail_on: Severity = Severity.LOW
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    baseline: Path | None = None
    stdin_name: str = "-"
    limits: Limits = field(default_factory=Limits)
    pod_security: PodSecurityConfig = field(default_factory=PodSecurityConfig)
    external: ExternalObjects = field(default_factory=ExternalObjects)
    compose: ComposeSettings = field(default_factory=ComposeSettings)
    images: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    helm: HelmSettings = field(default_factory=HelmSettings)
    # where Gatekeeper policies come from besides the scanned paths (`--policy`)
    policy_paths: tuple[str, ...] = ()
    # processes for parsing and rules: 0 decides by the scan's size, 1 does all here, 2 forks
    jobs: int = 0


@dataclass(slots=True)
class _Collected:
    finding: Finding
    ignores: tuple[str, ...] = ()
    # other (file, line) places whose inline suppressions apply: a values line behind a
    # finding on a rendered Helm object
    also: tuple[tuple[str, int], ...] = ()


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the scan builds its documents.

    A scan keeps every parsed document alive for the resource graph; each full collection walks
    all of them again, which tripled scan time on the corpus benchmark. Parsed documents hold no
    reference cycles (only the few view objects do), so little is lost by collecting later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class Workspace:
    """Everything loaded and modelled for one scan, before any rule runs."""

    files: list[LoadedFile]
    dockerfiles: list[DockerfileView]
    resources: list[Resource]
    api_objects: list[Resource]
    pod_specs: list[PodSpecView]
    graph: ResourceGraph
    compose_projects: list[ComposeProject] = field(default_factory=list)
    compose_findings: list[Finding] = field(default_factory=list)
    extra_sources: list[SourceFile] = field(default_factory=list)
    pipelines: list[Pipeline] = field(default_factory=list)
    helm: HelmLoad = field(default_factory=HelmLoad)

    def release(self) -> None:
        """Break the reference cycles between views (containers and their pod, jobs and their
        pipeline, the graph and its indexes), so that the parsed documents are freed by
        reference counting as soon as the scan drops them. Otherwise they wait for a cyclic
        collection that walks every object: 0.9 s on the corpus benchmark. The views are
        unusable afterwards."""
        self.graph.release()
        for pod in self.pod_specs:
            pod.containers = ()
        for pipeline in self.pipelines:
            pipeline.jobs = []


def load_workspace(
    paths: Sequence[str],
    options: ScanOptions,
    reporter: InputReporter,
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    progress: Progress | None = None,
) -> Workspace:
    """Discover, read, parse and model ``paths``; input problems become ``reporter`` findings
    on the loaded files. Front ends that need the model without rules (``seawall pss``) use it
    directly."""
    found = discover(paths, options.exclude, cwd)
    loaded: list[LoadedFile] = [
        load_problem(display, path, problem, reporter) for path, display, problem in found.problems
    ]
    total = len(found.candidates) + (1 if found.read_stdin else 0)
    if found.read_stdin:
        item = load_stdin(
            stdin if stdin is not None else b"",
            options.stdin_name,
            reporter,
            options.limits,
            options.max_file_size,
        )
        if item is not None:
            loaded.append(item)
    reads = [read_file(c.path, options.max_file_size) for c in found.candidates]
    share = start_parse_share(
        [yaml_text(c, r) for c, r in zip(found.candidates, reads, strict=True)],
        options.limits,
        options.jobs,
    )
    count = len(found.candidates)
    results: list[LoadedFile | None] = [None] * count
    order = share.order(count) if share is not None else range(count)
    for number, index in enumerate(order, 1):
        parse = share.parser(index) if share is not None else parse_yaml
        results[index] = load_bytes_result(
            found.candidates[index], reads[index], reporter, options.limits, parse
        )
        if progress is not None:
            progress(number, total)
    loaded.extend(item for item in results if item is not None)
    loaded.extend(_load_policies(options, reporter, cwd, {i.source.path for i in loaded}))
    resources = [r for item in loaded for r in item.resources]
    helm = _load_charts(loaded, found.archives, options, reporter, resources)
    resources.extend(helm.resources)
    api_objects = [r for r in resources if not r.is_config]
    pod_specs = [p for p in map(pod_spec_of, api_objects) if p is not None]
    dockerfiles = [item.dockerfile for item in loaded if item.dockerfile is not None]
    # configuration documents (kubeadm, kubelet) are in the graph too: cross-checks need them
    graph = ResourceGraph(resources, pod_specs)
    compose = load_compose_projects(
        loaded, options.compose, reporter, options.limits, options.max_file_size, cwd
    )
    # cross-artifact rules (Dockerfile vs workload) reach the other artifacts through the graph
    graph.dockerfiles = dockerfiles
    graph.compose_projects = compose.projects
    gitlab = load_gitlab_pipelines(loaded, options.limits, options.max_file_size)
    return Workspace(
        loaded,
        dockerfiles,
        resources,
        api_objects,
        pod_specs,
        graph,
        compose.projects,
        compose.findings,
        compose.extra_sources + gitlab.extra_sources + helm.sources,
        gitlab.pipelines,
        helm,
    )


def _load_policies(
    options: ScanOptions, reporter: InputReporter, cwd: Path | None, scanned: set[Path]
) -> list[LoadedFile]:
    """The files of ``--policy`` paths, keeping only their Gatekeeper templates and constraints:
    the policies apply to the scan, the rest of a shared policy repository is not scanned."""
    if not options.policy_paths:
        return []
    found = discover(options.policy_paths, options.exclude, cwd)
    kept = [
        load_problem(display, path, problem, reporter) for path, display, problem in found.problems
    ]
    for candidate in found.candidates:
        if candidate.path in scanned:
            continue
        item = load_candidate(candidate, reporter, options.max_file_size, options.limits)
        if item is None:
            continue
        item.resources = [r for r in item.resources if is_template(r) or is_constraint(r)]
        if item.resources:
            kept.append(LoadedFile(item.source, item.documents, item.resources, item.findings))
        elif item.findings:
            kept.append(LoadedFile(item.source, findings=item.findings))
    return kept


def _load_charts(
    loaded: Sequence[LoadedFile],
    archives: Sequence[tuple[Path, str]],
    options: ScanOptions,
    reporter: InputReporter,
    resources: Sequence[Resource],
) -> HelmLoad:
    """Render the scan's Helm charts (the Helm engine is loaded only when there is one)."""
    charts = [i.source for i in loaded if i.source.kind is FileKind.HELM_CHART]
    if not charts and not archives:
        return HelmLoad()
    version, _ = resolve_kubernetes_version(
        options.kubernetes_version, options.kubernetes_version_source, resources
    )
    return load_helm(charts, archives, options.helm, version, reporter.finding, options.limits)


def scan(
    paths: Sequence[str],
    options: ScanOptions | None = None,
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    progress: Progress | None = None,
    registry: Registry | None = None,
    keep: list[object] | None = None,
) -> ScanResult:
    """Scan ``paths`` (``-`` for ``stdin``) and return findings after suppression and baseline.

    ``keep``: a list the parsed workspace is appended to instead of being taken apart for
    freeing; a process that exits right after the scan (the ``seawall`` command) saves the time.

    Raises ``FileNotFoundError`` for a path that does not exist and ``ValueError`` subclasses for
    invalid selections or baselines: those are usage errors, everything about file content is a
    finding.
    """
    with _paused_gc():
        return _scan(paths, options or ScanOptions(), cwd, stdin, progress, registry, keep)


def _scan(
    paths: Sequence[str],
    options: ScanOptions,
    cwd: Path | None,
    stdin: bytes | None,
    progress: Progress | None,
    registry: Registry | None,
    keep: list[object] | None,
) -> ScanResult:
    started = time.perf_counter()
    registry = registry or load_registry()
    chosen = select_rules(registry, options.select, options.ignore)
    chosen_codes = {r.rule.code for r in chosen}
    reporter = InputReporter(
        {k: r for k, r in registry.by_input_kind().items() if r.code in chosen_codes}
    )
    baseline = load_baseline(options.baseline) if options.baseline else None
    workspace = load_workspace(paths, options, reporter, cwd=cwd, stdin=stdin, progress=progress)
    loaded, resources = workspace.files, workspace.resources
    api_objects, pod_specs, graph = workspace.api_objects, workspace.pod_specs, workspace.graph
    version, version_source = resolve_kubernetes_version(
        options.kubernetes_version, options.kubernetes_version_source, resources
    )
    settings = Settings(
        kubernetes_version=version,
        rule_options=options.rule_options,
        pod_security=options.pod_security,
        external=options.external,
        images=options.images,
    )

    collected = [_Collected(f) for item in loaded for f in item.findings]
    collected.extend(_Collected(f) for f in workspace.compose_findings)
    collected.extend(_Collected(f) for f in workspace.helm.findings)
    projects = workspace.compose_projects
    views: dict[str, Sequence[View]] = {
        "resource": api_objects,
        "config": [r for r in resources if r.is_config],
        "pod-spec": pod_specs,
        "dockerfile": workspace.dockerfiles,
        "compose": projects,
        "compose-service": [s for p in projects for s in p.services],
        "gitlab-pipeline": workspace.pipelines,
        "gitlab-job": [j for p in workspace.pipelines for j in p.jobs],
        "helm-chart": workspace.helm.charts,
    }
    internal = registry.get("SW001") if "SW001" in chosen_codes else None
    runnable = [r for r in chosen if r.check is not None]

    def run(rules: Sequence[RegisteredRule]) -> list[_Collected]:
        return _run_rules(rules, views, graph, settings, options.rule_options, internal)

    collected.extend(_run_split(runnable, run, registry, _fork_wanted(options.jobs, views)))
    if workspace.helm.rendered:
        collected = _from_templates(collected, workspace.helm)

    sources = {item.source.display: item.source for item in loaded}
    for extra in workspace.extra_sources:
        sources.setdefault(extra.display, extra)
    findings, suppressed = _suppress(
        collected, sources, registry, chosen_codes, workspace.dockerfiles
    )
    invalid = registry.get("SW002")
    if invalid is not None and "SW002" in chosen_codes:
        findings.extend(_invalid_annotations(api_objects, pod_specs, registry, invalid))
    findings = [_with_severity(f, options.severity) for f in findings]
    baselined = 0
    if baseline is not None:
        findings, baselined = _apply_baseline(findings, baseline, sources)
    findings.sort(key=Finding.sort_key)
    if keep is not None:
        keep.append(workspace)
    else:
        workspace.release()
    return ScanResult(
        findings=findings,
        rules=[r.rule for r in chosen],
        sources=sources,
        files=len(loaded) + workspace.helm.archives,
        documents=sum(item.documents for item in loaded),
        resources=len(resources),
        suppressed=suppressed,
        baselined=baselined,
        duration_seconds=time.perf_counter() - started,
        kubernetes_version=f"{version[0]}.{version[1]}",
        kubernetes_version_source=version_source,
        kubernetes_version_end_of_life=_end_of_life(version),
        fail_on=options.fail_on,
    )


def _end_of_life(version: tuple[int, int]) -> str | None:
    """The day the target version's support ended, when that is today or earlier: a scan
    against an unsupported release says so even when no kubeadm file names it (KA102's case)."""
    release = RELEASES.get(version)
    if release is None or date.today() < release.end_of_life:
        return None
    return release.end_of_life.isoformat()


def _run_rules(
    rules: Sequence[RegisteredRule],
    views: Mapping[str, Sequence[View]],
    graph: ResourceGraph,
    settings: Settings,
    rule_options: Mapping[str, Mapping[str, Any]],
    internal: RegisteredRule | None,
) -> list[_Collected]:
    collected: list[_Collected] = []
    for registered in rules:
        ctx = RuleContext(graph, settings, _rule_options(registered, rule_options))
        for target in registered.rule.targets:
            found: list[_Collected] = []
            for view in views.get(target, ()):
                found.extend(_run_check(registered, view, ctx, internal))
            collected.extend(_unique(found) if target in _MERGED_TARGETS else found)
    return collected


# Rules a forked child runs on large scans: on the corpus benchmark they take about half of the
# rule time (schema validation, the security, image, lifecycle, Pod Security and RBAC checks:
# 0.62 s against 0.77 s for the rest, timed per rule in one process; the child also pays for
# copying the pages it touches), and the indexes they build are their own, so neither process
# waits for the other's. Rebalance when a family's cost changes.
_FORKED_FAMILIES = ("KV", "KS", "KI", "KA", "PS", "RB")
# below this many views the fork costs more than it saves
_FORK_MIN_VIEWS = 1500


def _fork_wanted(jobs: int, views: Mapping[str, Sequence[View]]) -> bool:
    if jobs == 1:
        return False
    return jobs >= 2 or sum(len(v) for v in views.values()) >= _FORK_MIN_VIEWS


def _run_split(
    rules: Sequence[RegisteredRule],
    run: Callable[[Sequence[RegisteredRule]], list[_Collected]],
    registry: Registry,
    split: bool,
) -> list[_Collected]:
    """The rules' findings, in rule order, with some families run in a forked child when
    ``split`` (see ``engine.forked``); the result is the same either way."""
    child = [r for r in rules if split and r.rule.code.startswith(_FORKED_FAMILIES)]
    if not child:
        return run(rules)
    mine = [r for r in rules if not r.rule.code.startswith(_FORKED_FAMILIES)]
    started = forked.fork(lambda: [_portable(c) for c in run(child)])
    found = run(mine)
    if started is None:
        found.extend(run(child))
    else:
        found.extend(_restored(item, registry) for item in started.result())
    order = {r.rule.code: index for index, r in enumerate(rules)}
    found.sort(key=lambda c: order.get(c.finding.rule.code, -1))  # stable: as if run in one
    return found


_Portable = tuple[Any, ...]


def _portable(item: _Collected) -> _Portable:
    """A finding as plain data for the trip from the child: the rule by its code (rule objects
    carry their whole documentation)."""
    f = item.finding
    # spans and resource references travel as tuples: rebuilding the frozen dataclasses from
    # pickle's state dicts took longer than the rest of the unpickling
    s, r = f.span, f.resource
    return (
        f.rule.code,
        f.severity,
        f.message,
        f.file,
        (s.line, s.column, s.end_line, s.end_column, s.offset, s.end_offset),
        None if r is None else (r.api_version, r.kind, r.namespace, r.name),
        f.path,
        f.fix,
        item.ignores,
        item.also,
    )


def _restored(data: _Portable, registry: Registry) -> _Collected:
    code, severity, message, file, span, resource, path, fix, ignores, also = data
    rule = registry.rules[code].rule
    ref = None if resource is None else ResourceRef(*resource)
    return _Collected(
        Finding(rule, severity, message, file, Span(*span), ref, path, fix), ignores, also
    )


def _rule_options(
    registered: RegisteredRule, configured: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    values = {o.name: o.default for o in registered.rule.options}
    values.update(configured.get(registered.rule.code, {}))
    return values


# views merged from several files: a file shared by several of them reports its values once
_MERGED_TARGETS = frozenset({"compose", "compose-service", "gitlab-pipeline", "gitlab-job"})


def _unique(collected: list[_Collected]) -> list[_Collected]:
    """One finding per rule, place and message: a compose file merged into several projects (an
    ``extends`` or ``include`` target that is scanned itself) reports its values once."""
    seen: set[tuple[str, str, int, int, str]] = set()
    out: list[_Collected] = []
    for item in collected:
        f = item.finding
        key = (f.rule.code, f.file, f.span.line, f.span.column, f.message)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _from_templates(collected: list[_Collected], helm: HelmLoad) -> list[_Collected]:
    """Findings on rendered Helm objects, moved to their template lines; the same finding from
    several renders (CI value scenarios) is kept once."""
    out: list[_Collected] = []
    seen: set[tuple[str, str, int, int, str]] = set()
    for item in collected:
        finding, also = helm.relocate(item.finding)
        if finding is item.finding:
            out.append(item)
            continue
        key = (
            finding.rule.code,
            finding.file,
            finding.span.line,
            finding.span.column,
            item.finding.message,
        )
        if key not in seen:
            seen.add(key)
            out.append(_Collected(finding, item.ignores, also))
    return out


def _ignores_of(view: View) -> tuple[str, ...]:
    if isinstance(view, Resource | PodSpecView):
        return view.ignored_codes()
    return ()


def _run_check(
    registered: RegisteredRule,
    view: View,
    ctx: RuleContext,
    internal: RegisteredRule | None,
) -> Iterable[_Collected]:
    assert registered.check is not None
    try:
        found = list(registered.check(view, ctx))
        # most checks find nothing: read the view's ignore annotations only when one did
        ignores = _ignores_of(view) if found else ()
        return [_Collected(f, ignores) for f in found]
    except Exception as error:  # one rule failing on one document must not stop the scan
        if internal is None:
            return []
        where = traceback.extract_tb(error.__traceback__)[-1]
        ref = view.ref if isinstance(view, Located) else None
        label = ref.label() if ref else view.source.display
        message = (
            f"rule {registered.rule.code} ({registered.rule.name}) failed on {label}: "
            f"{type(error).__name__}: {error} (at {Path(where.filename).name}:{where.lineno}); "
            "the rest of the scan is complete"
        )
        if isinstance(view, ChartView):
            finding = view.finding(internal.rule, message, Span.point(1))
        elif isinstance(view, Located | ComposeProject | ComposeService | Pipeline | Job):
            finding = view.finding(internal.rule, message)
        else:
            finding = view.finding(internal.rule, message, Span.point(1))
        return [_Collected(finding, _ignores_of(view))]


def _code_known(code: str, registry: Registry) -> bool:
    return bool(registry.matching(code)) or code in registry.redirects


def _suppress(
    collected: list[_Collected],
    sources: dict[str, SourceFile],
    registry: Registry,
    chosen: set[str],
    dockerfiles: Sequence[DockerfileView] = (),
) -> tuple[list[Finding], int]:
    per_file: dict[str, FileSuppressions] = {}
    foreign = registry.foreign_ids()
    for display, source in sources.items():
        if source.text:
            dockerfile = source.kind is FileKind.DOCKERFILE
            per_file[display] = parse_suppressions(
                source.text,
                own_line_only=dockerfile,
                foreign=foreign if dockerfile else None,
            )
    for view in dockerfiles:
        if view.source.display in per_file:
            _spread_over_instructions(per_file[view.source.display], view)
    invalid = registry.get("SW002")
    kept: list[Finding] = []
    suppressed = 0
    for item in collected:
        finding = item.finding
        code = finding.rule.code
        rules = per_file.get(finding.file)
        elsewhere = (per_file.get(display) for display, _ in item.also)
        if (
            any(code.startswith(_redirect(p, registry)) for p in item.ignores)
            or (rules is not None and rules.suppresses(code, finding.span.line))
            or any(
                other is not None and other.suppresses(code, line)
                for other, (_, line) in zip(elsewhere, item.also, strict=True)
            )
        ):
            suppressed += 1
            continue
        kept.append(finding)
    if invalid is not None and "SW002" in chosen:
        for display, rules in per_file.items():
            for mention in rules.mentions:
                if not _code_known(mention.code, registry):
                    kept.append(
                        Finding(
                            invalid.rule,
                            invalid.rule.severity,
                            f"suppression names {mention.code!r}, which matches no rule",
                            display,
                            mention.span,
                        )
                    )
    return kept, suppressed


def _spread_over_instructions(rules: FileSuppressions, view: DockerfileView) -> None:
    """A comment above a Dockerfile instruction covers all its lines: findings inside a long
    ``RUN`` point at the word on its continuation line, not at the instruction's first line."""
    for instruction in view.doc.instructions:
        span = instruction.span
        codes = rules.by_line.get(span.line)
        if codes and span.end_line > span.line:
            for line in range(span.line + 1, span.end_line + 1):
                rules.by_line.setdefault(line, []).extend(codes)


def _invalid_annotations(
    objects: Sequence[Resource],
    pod_specs: Sequence[PodSpecView],
    registry: Registry,
    invalid: RegisteredRule,
) -> Iterable[Finding]:
    """SW002 for ``seawall.dev/ignore`` annotations naming no rule, at the annotation itself."""
    owners: list[tuple[Resource, FieldPath, dict[str, str]]] = [
        (r, ("metadata", "annotations", IGNORE_ANNOTATION), r.annotations) for r in objects
    ]
    for pod in pod_specs:
        if pod.resource.kind == "Pod":
            continue  # a Pod's template metadata is its own metadata, checked above
        template = pod.path[len(pod.resource.path) : -1]
        field = (*template, "metadata", "annotations", IGNORE_ANNOTATION)
        owners.append((pod.resource, field, pod.template_annotations))
    for owner, path, values in owners:
        for code in parse_ignore_annotation(values.get(IGNORE_ANNOTATION)):
            if not _code_known(code, registry):
                yield owner.finding(
                    invalid.rule,
                    f"annotation {IGNORE_ANNOTATION} names {code!r}, which matches no rule",
                    *path,
                    at_value=True,
                )


def _redirect(code: str, registry: Registry) -> str:
    return registry.redirects.get(code, code)


def _with_severity(finding: Finding, overrides: Mapping[str, Severity]) -> Finding:
    level = overrides.get(finding.rule.code)
    return replace(finding, severity=level) if level is not None else finding


def _apply_baseline(
    findings: list[Finding], accepted: Counter[str], sources: dict[str, SourceFile]
) -> tuple[list[Finding], int]:
    remaining = Counter(accepted)
    kept: list[Finding] = []
    baselined = 0
    for finding in findings:
        key = fingerprint(finding, sources.get(finding.file))
        if remaining[key] > 0:
            remaining[key] -= 1
            baselined += 1
        else:
            kept.append(finding)
    return kept, baselined
