"""What the Gatekeeper rules share: the scan's evaluation (built once) and positions in Rego."""

from __future__ import annotations

from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph
from seawall.model.gatekeeper import Constraint, SyncConfig, Template, sync_config
from seawall.model.resource import Resource
from seawall.parse.yaml import Path, locate
from seawall.policy.gatekeeper_eval import (
    Evaluation,
    Problem,
    evaluate,
    policy_objects,
    reviewable,
)


def _build(graph: ResourceGraph) -> Evaluation:
    templates, constraints = policy_objects(graph.resources)
    if not constraints:
        return Evaluation()
    objects = reviewable(graph.resources)
    sync = synced(graph)
    # with a sync configuration in the scan, referential policies see only what it replicates
    inventory = None if sync is None else [o for o in objects if sync.syncs(o)]
    return evaluate(
        templates, constraints, objects, graph.namespace_labels(), inventory_objects=inventory
    )


def synced(graph: ResourceGraph) -> SyncConfig | None:
    """The scan's Gatekeeper sync configuration, read once per scan."""
    return graph.derived("gatekeeper-sync", _sync)


def _sync(graph: ResourceGraph) -> SyncConfig | None:
    return sync_config(graph.resources)


def evaluation(ctx: RuleContext) -> Evaluation:
    return ctx.graph.derived("gatekeeper-evaluation", _build)


def _index(graph: ResourceGraph) -> tuple[dict[str, list[Template]], list[Constraint]]:
    templates, constraints = policy_objects(graph.resources)
    by_kind: dict[str, list[Template]] = {}
    for template in templates:
        by_kind.setdefault(template.kind, []).append(template)
    return by_kind, constraints


def templates_by_kind(ctx: RuleContext) -> dict[str, list[Template]]:
    return ctx.graph.derived("gatekeeper-policies", _index)[0]


def constraints(ctx: RuleContext) -> list[Constraint]:
    return ctx.graph.derived("gatekeeper-policies", _index)[1]


def rego_span(resource: Resource, path: Path, text: str, offset: int) -> Span | None:
    """The file position of character ``offset`` of the Rego string at ``path``, when it is a
    literal block scalar (``rego: |``), whose lines map one to one onto the file's."""
    value = locate(resource.root, resource.path + path, key=False)
    lines = resource.source.text.splitlines()
    if value is None or value.line > len(lines):
        return None
    header = lines[value.line - 1][value.column - 1 :].lstrip()
    if not header.startswith("|"):
        return value
    before = text[: max(0, min(offset, len(text)))]
    line_in_text = before.count("\n")
    column_in_text = len(before) - (before.rfind("\n") + 1)
    file_line = value.line + 1 + line_in_text
    if file_line > len(lines):
        return value
    # the block's indentation: that of its first non-blank line
    indent = 0
    for candidate in lines[value.line :]:
        if candidate.strip():
            indent = len(candidate) - len(candidate.lstrip(" "))
            break
    column = indent + column_in_text + 1
    return Span(file_line, column, file_line, column + 1)


def problem_span(resource: Resource, problem: Problem) -> Span | None:
    """Where in the template's Rego (or lib) a problem lies, when it has a place."""
    rego = problem.template.rego
    if problem.place is None or rego is None:
        return None
    index, offset = problem.place
    path = rego.path if index == 0 else rego.libs[index - 1][1]
    return rego_span(resource, path, rego.texts()[index], offset)
