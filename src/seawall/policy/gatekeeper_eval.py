"""Offline Gatekeeper: every constraint evaluated against every object it matches.

Each template is compiled once per scan (its Rego plus ``libs``; v0 heads rewritten by
``rego_compat``), with ``data.inventory`` built from the scan set when the Rego reads it (only
the kinds it reads when every read names its kind: ``inventory_kinds``). For each
(constraint, matched object) the input is the one Gatekeeper builds for an admission request:
``input.review`` (``object``, ``oldObject: null``, ``operation: CREATE``, ``kind``, ``name``,
``namespace``, a placeholder ``userInfo``, ``dryRun: false``) and ``input.parameters``.
Evaluation runs in a worker process with a time limit (``rego_engine``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from seawall.model.gatekeeper import (
    Constraint,
    Template,
    constraint_of,
    is_constraint,
    is_template,
    template_of,
)
from seawall.model.resource import Resource
from seawall.model.scope import is_cluster_scoped
from seawall.policy.rego_compat import Rewritten, blank, to_v1
from seawall.policy.rego_engine import (
    DEFAULT_TIME_LIMIT,
    RegoPool,
    default_workers,
    engine_available,
)

_PACKAGE = re.compile(r"^\s*package\s+([A-Za-z_][A-Za-z0-9_.]*)", re.MULTILINE)
# builtins that reach the network or the host; rego-cpp has none of the network ones, so a
# template using them would silently find nothing: it is reported as not evaluated instead
NETWORK_BUILTINS = re.compile(r"\b(http\.send|net\.lookup_ip_addr)\s*\(")
# a read of ``data.inventory`` down to a kind written out: what the template can see of it
_INVENTORY_READ = re.compile(
    r"(?<![\w.])data\s*\.\s*(?P<word>inventory)\s*\.\s*(?:namespace\s*\[[^\[\]]*\]|cluster)"
    r"\s*\[[^\[\]]*\]\s*"
    r'(?:\[\s*"(?P<quoted>[^"\\]+)"\s*\]|\.\s*(?P<dotted>[A-Za-z_][A-Za-z0-9_]*))'
)
_INVENTORY_WORD = re.compile(r"\binventory\b")
# ``data`` itself or ``data[...]``: any document, so any part of the inventory
_WHOLE_DATA = re.compile(r"(?<![\w.])data\b(?!\s*\.\s*[A-Za-z_])")
MAIN_MODULE = "template.rego"
PARAMETERS = "seawall_parameters"
# Setting the input is most of an evaluation's cost, so each object's review is set once and
# every constraint of a template is evaluated with its parameters bound by ``with``: the
# template sees exactly the ``input.parameters`` Gatekeeper gives it.
WRAPPER = """package seawall.batch.{key}
import rego.v1
results := [v |
  some p in input.seawall_parameters.{key}
  v := data.{package}.violation with input.parameters as p
]
"""


@dataclass(frozen=True, slots=True)
class Violation:
    constraint: Constraint
    template: Template
    message: str
    details: Any = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a template (or one evaluation) gave no answer. ``kind``: compile, network, cel,
    no-engine, no-rego, runtime, timeout, crash."""

    kind: str
    message: str
    template: Template
    constraint: Constraint | None = None
    # the offending place in the main module or a lib, as (index in RegoCode.texts(), offset)
    place: tuple[int, int] | None = None


@dataclass(slots=True)
class Evaluation:
    violations: dict[int, list[Violation]] = field(default_factory=lambda: defaultdict(list))
    # problems of one (constraint, object) evaluation, by object
    object_problems: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    template_problems: dict[int, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    engine_missing: bool = False
    evaluations: int = 0


def review_input(obj: Resource, parameters: Any) -> dict[str, Any]:
    """The ``input`` Gatekeeper gives a template for an admission request creating ``obj``."""
    group, _, version = obj.api_version.rpartition("/")
    cluster = is_cluster_scoped(obj)
    return {
        "review": {
            "kind": {"group": group, "version": version, "kind": obj.kind},
            "name": obj.name,
            "namespace": "" if cluster else (obj.namespace or "default"),
            "operation": "CREATE",
            "object": obj.body,
            "oldObject": None,
            "userInfo": {"username": "seawall", "groups": ["system:authenticated"]},
            "dryRun": False,
        },
        "parameters": parameters if parameters is not None else {},
    }


def inventory(objects: Iterable[Resource], kinds: frozenset[str] | None = None) -> dict[str, Any]:
    """``data.inventory`` as Gatekeeper's sync fills it: ``cluster[groupVersion][kind][name]``
    and ``namespace[ns][groupVersion][kind][name]``; only objects of ``kinds`` when given."""
    cluster: dict[str, Any] = {}
    namespaced: dict[str, Any] = {}
    for obj in objects:
        if not obj.name or not obj.kind or not obj.api_version:
            continue
        if kinds is not None and obj.kind not in kinds:
            continue
        if is_cluster_scoped(obj):
            where = cluster
        else:
            where = namespaced.setdefault(obj.namespace or "default", {})
        where.setdefault(obj.api_version, {}).setdefault(obj.kind, {})[obj.name] = obj.body
    return {"inventory": {"cluster": cluster, "namespace": namespaced}}


def inventory_kinds(texts: Iterable[str]) -> frozenset[str] | None:
    """The kinds a template can see in ``data.inventory``, when every read of it names its kind
    (``data.inventory.namespace[ns][gv]["Ingress"]``, ``data.inventory.cluster[gv].Namespace``);
    None when one read might see others (an alias, an import, ``data[x]``, a kind in a variable).

    rego-cpp parses the whole inventory into every worker (about 1 s per MB), so a referential
    template that reads Ingresses gets only the Ingresses: what it can observe is the same."""
    kinds: set[str] = set()
    for text in texts:
        if _WHOLE_DATA.search(blank(text)):
            return None
        reads = inventory_reads(text)
        covered = {offset for offset, _ in reads}
        code = blank(text, strings=False)
        if any(word.start() not in covered for word in _INVENTORY_WORD.finditer(code)):
            return None
        kinds.update(kind for _, kind in reads)
    return frozenset(kinds)


def inventory_reads(text: str) -> list[tuple[int, str]]:
    """Each read of ``data.inventory`` in Rego ``text`` that names its kind: the offset of the
    word ``inventory`` and the kind."""
    return [
        (read.start("word"), read.group("quoted") or read.group("dotted"))
        for read in _INVENTORY_READ.finditer(blank(text, strings=False))
    ]


def package_of(rego: str) -> str | None:
    found = _PACKAGE.search(rego)
    return found.group(1) if found else None


def _static_problem(template: Template) -> Problem | None:
    if template.rego is None:
        if template.has_cel:
            return Problem(
                "cel",
                f"template {template.name} has only a CEL (K8sNativeValidation) engine, which "
                "seawall does not evaluate; test its constraints with gator or in a cluster",
                template,
            )
        return Problem("no-rego", f"template {template.name} has no Rego to evaluate", template)
    for index, text in enumerate(template.rego.texts()):
        found = NETWORK_BUILTINS.search(text)
        if found:
            return Problem(
                "network",
                f"template {template.name} calls {found.group(1)}, which seawall never runs "
                "(evaluation is offline and sandboxed): its constraints were not evaluated",
                template,
                place=(index, found.start()),
            )
    return None


def _modules(template: Template) -> tuple[list[tuple[str, str]], list[Rewritten]]:
    """Module (name, text) pairs for the engine and the rewrite of each, for error offsets."""
    assert template.rego is not None
    modules: list[tuple[str, str]] = []
    rewrites: list[Rewritten] = []
    for index, text in enumerate(template.rego.texts()):
        rewritten = to_v1(text, v0=template.rego.version == "v0")
        name = MAIN_MODULE if index == 0 else f"lib{index}.rego"
        modules.append((name, rewritten.text))
        rewrites.append(rewritten)
    return modules, rewrites


def evaluate(
    templates: Sequence[Template],
    constraints: Sequence[Constraint],
    objects: Sequence[Resource],
    namespace_labels: Mapping[str, Mapping[str, str]],
    *,
    inventory_objects: Sequence[Resource] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Evaluation:
    """Evaluate ``constraints`` against the ``objects`` each matches."""
    result = Evaluation()
    by_kind: dict[str, Template] = {}
    for template in templates:
        by_kind.setdefault(template.kind, template)
    wanted = [t for t in templates if any(c.kind == t.kind for c in constraints)]
    if not wanted:
        return result
    if not engine_available():
        result.engine_missing = True
        return result
    with RegoPool(time_limit, default_workers(len(objects))) as engine:
        ready: dict[int, str] = {}
        for template in wanted:
            seen = objects if inventory_objects is None else inventory_objects
            key = _compile(engine, template, len(ready), seen, result)
            if key is not None:
                ready[id(template)] = key
        active = [(c, by_kind[c.kind]) for c in constraints if id(by_kind.get(c.kind)) in ready]
        items: list[tuple[Any, list[str]]] = []
        plans: list[tuple[Resource, dict[str, list[tuple[Constraint, Template]]]]] = []
        for obj in objects:
            groups: dict[str, list[tuple[Constraint, Template]]] = {}
            for constraint, template in active:
                if constraint.match.matches(obj, namespace_labels):
                    groups.setdefault(ready[id(template)], []).append((constraint, template))
            if not groups:
                continue
            value = review_input(obj, None)
            del value["parameters"]
            # each template runs once per constraint, its parameters bound in turn (WRAPPER)
            value[PARAMETERS] = {
                key: [c.parameters if c.parameters is not None else {} for c, _ in group]
                for key, group in groups.items()
            }
            items.append((value, list(groups)))
            plans.append((obj, groups))
        outputs = engine.evaluate(items)
        for (obj, groups), output in zip(plans, outputs, strict=True):
            for key, group in groups.items():
                answer = output.get(key, {"error": "no answer"})
                per_constraint = answer.get("violations")
                for index, (constraint, template) in enumerate(group):
                    result.evaluations += 1
                    if "error" in answer or not isinstance(per_constraint, list):
                        _record(result, obj, answer, constraint, template)
                    else:
                        found = per_constraint[index] if index < len(per_constraint) else []
                        _record(result, obj, {"violations": found}, constraint, template)
    return result


def _compile(
    engine: RegoPool,
    template: Template,
    number: int,
    objects: Sequence[Resource],
    result: Evaluation,
) -> str | None:
    problem = _static_problem(template)
    if problem is not None:
        result.template_problems[id(template.resource)].append(problem)
        return None
    assert template.rego is not None
    package = package_of(template.rego.rego)
    if package is None:
        result.template_problems[id(template.resource)].append(
            Problem("compile", "the Rego has no `package` statement", template, place=(0, 0))
        )
        return None
    modules, rewrites = _modules(template)
    texts = template.rego.texts()
    reads_inventory = any("inventory" in text for text in texts)
    data = inventory(objects, inventory_kinds(texts)) if reads_inventory else None
    key = f"t{number}"
    wrapper = WRAPPER.format(key=key, package=package)
    modules.append((f"seawall_{key}.rego", wrapper))
    compiled = engine.compile(key, modules, f"seawall/batch/{key}/results", data)
    if compiled.ok:
        return key
    place = None
    if compiled.offset is not None:
        names = [name for name, _ in modules]
        index = names.index(compiled.module) if compiled.module in names else 0
        place = (index, rewrites[index].original_offset(compiled.offset))
    result.template_problems[id(template.resource)].append(
        Problem("compile", compiled.error, template, place=place)
    )
    return None


def _record(
    result: Evaluation,
    obj: Resource,
    output: dict[str, Any],
    constraint: Constraint,
    template: Template,
) -> None:
    if "error" in output:
        kind = "timeout" if output.get("timeout") else "runtime"
        result.object_problems[id(obj)].append(
            Problem(kind, str(output["error"]), template, constraint)
        )
        return
    found = output.get("violations")
    items: list[Any] = []
    if isinstance(found, list):
        items = found
    elif isinstance(found, dict):  # a partial object the rewrite missed: keys are the members
        for key in found:
            try:
                items.append(json.loads(key))
            except ValueError:
                items.append({"msg": key})
    for item in items:
        message = item.get("msg") if isinstance(item, dict) else None
        details = item.get("details") if isinstance(item, dict) else None
        result.violations[id(obj)].append(
            Violation(
                constraint, template, str(message) if message is not None else str(item), details
            )
        )


def policy_objects(resources: Iterable[Resource]) -> tuple[list[Template], list[Constraint]]:
    templates = [t for t in map(template_of, resources) if t is not None]
    constraints = [c for c in map(constraint_of, resources) if c is not None]
    return templates, constraints


def reviewable(resources: Iterable[Resource]) -> list[Resource]:
    """The objects constraints are evaluated against: API objects other than the policies."""
    return [r for r in resources if not r.is_config and not is_template(r) and not is_constraint(r)]
