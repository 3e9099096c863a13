"""Kubernetes OpenAPI schemas (shipped by the ``kubernetes-validate`` package) and a validator.

The schemas are the strict JSON schemas that ``kubernetes-validate`` generates from each
release's OpenAPI document (1.25 and later); nothing is vendored here. A target version the
package lacks uses the nearest lower shipped version (or the oldest one for older targets).

Validation is a small purpose-built walker instead of a generic JSON-schema engine: the
Kubernetes schemas use a handful of keywords (``type``, ``properties``, ``additionalProperties``,
``required``, ``items``, ``$ref``, ``enum`` and the ``oneOf`` of int-or-string and quantity), and
walking them directly is several times faster, reports the most specific problem only (no
``oneOf`` cascades) and understands the ``x-kubernetes-*`` extensions of CRD schemas.

Loaded schemas are cached at module level (``functools.cache``) keyed by version, apiVersion and
kind: they are immutable data read from the installed package, so the cache keeps rules pure.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from seawall.graph.graph import ResourceGraph

Path = tuple[str | int, ...]

_PACKAGE = "kubernetes_validate"
_DIR = "kubernetes-json-schema"
_REF_PREFIXES = ("/api/_definitions.json#/$defs/", "#/$defs/")
_MAX_ENUM = 8
_QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$")
# an unrendered placeholder (`${REPLICAS}`, `{{ .Values.x }}`, `{CONTROLLER}`, `PORT`)
_PLACEHOLDER = re.compile(r"\$\{|\{\{|^\{[A-Za-z_][A-Za-z0-9_]*\}$|^[A-Z][A-Z0-9_]+$")
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One schema violation: ``path`` below the object, what is wrong, and where to point."""

    path: Path
    message: str
    kind: str  # "unknown", "type", "required", "enum", "format", "range"
    at_value: bool


def _files() -> Any:
    return resources.files(_PACKAGE).joinpath(_DIR)


@cache
def available() -> bool:
    """Whether the schema package is installed."""
    try:
        return _files().is_dir()  # type: ignore[no-any-return]
    except (ImportError, ModuleNotFoundError, OSError):
        return False


@cache
def shipped_versions() -> tuple[tuple[int, int], ...]:
    found: set[tuple[int, int]] = set()
    for entry in _files().iterdir():
        match = re.match(r"^v(\d+)\.(\d+)\.\d+-local-strict$", entry.name)
        if match:
            found.add((int(match[1]), int(match[2])))
    return tuple(sorted(found))


def schema_version(target: tuple[int, int] | None) -> tuple[int, int]:
    """The shipped schema version used for ``target``: the nearest one not newer than it."""
    versions = shipped_versions()
    if target is None:
        return versions[-1]
    older = [v for v in versions if v <= target]
    return older[-1] if older else versions[0]


def _directory(version: tuple[int, int]) -> Any:
    return _files().joinpath(f"v{version[0]}.{version[1]}.0-local-strict")


@cache
def _definitions(version: tuple[int, int]) -> dict[str, Any]:
    text = _directory(version).joinpath("_definitions.json").read_text(encoding="utf-8")
    defs: dict[str, Any] = json.loads(text)["$defs"]
    return defs


@cache
def kind_schema(version: tuple[int, int], api_version: str, kind: str) -> dict[str, Any] | None:
    """The top-level schema of ``kind`` in ``api_version``, or None when the release has none."""
    group, _, ver = api_version.rpartition("/")
    short = group.split(".")[0] + "-" + ver if group else ver
    try:
        text = _directory(version).joinpath(f"{kind.lower()}-{short}.json").read_text("utf-8")
    except (OSError, ValueError):
        return None
    schema: dict[str, Any] = json.loads(text)
    # the file name drops the group's domain: make sure the schema is for this very group
    gvks = schema.get("x-kubernetes-group-version-kind") or []
    if not any(
        g.get("group", "") == group and g.get("version") == ver and g.get("kind") == kind
        for g in gvks
    ):
        return None
    return schema


def is_patch(body: Any) -> bool:
    """Whether an object is a kustomize strategic-merge patch (``$patch`` directives)."""
    return isinstance(body, dict) and "$patch" in body


def partial(problems: list[Problem]) -> list[Problem]:
    """``problems`` without missing required fields: for objects that kustomize completes."""
    return [p for p in problems if p.kind != "required"]


def validate_builtin(version: tuple[int, int], schema: dict[str, Any], data: Any) -> list[Problem]:
    """The problems of ``data`` against a built-in kind's schema."""
    walker = _Walker(_definitions(version), _builtin_nodes(version))
    walker.walk(schema, data, ())
    return walker.problems


def validate_custom(
    schema: dict[str, Any], data: Any, nodes: SchemaNodes | None = None
) -> list[Problem]:
    """The problems of a custom resource against its CRD version's ``openAPIV3Schema``.

    ``apiVersion``, ``kind`` and ``metadata`` are the API server's business, not the CRD's.
    ``nodes`` (from ``crd_nodes``) keeps the schema's prepared nodes between objects of a scan.
    """
    walker = _Walker({}, nodes if nodes is not None else {}, custom=True)
    walker.walk(schema, data, (), top=True)
    return walker.problems


CrdIndex = dict[tuple[str, str], dict[str, dict[str, Any]]]


def crd_index(graph: ResourceGraph) -> CrdIndex:
    """(group, kind) to {apiVersion: openAPIV3Schema} for every CRD of the scan, built once."""
    return graph.derived("crd-schemas", _crd_index)


def crd_nodes(graph: ResourceGraph) -> SchemaNodes:
    """Prepared nodes of the scan's CRD schemas, shared by every object validated against them
    (the schemas live as long as the scan, so their ids stay valid)."""
    return graph.derived("crd-schema-nodes", lambda _: {})


def _crd_index(graph: ResourceGraph) -> CrdIndex:
    index: CrdIndex = {}
    for crd in graph.of_kind("CustomResourceDefinition"):
        for api_version, kind, schema in crd_schemas(crd.body):
            index.setdefault((api_version.rpartition("/")[0], kind), {})[api_version] = schema
    return index


def crd_schemas(body: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(apiVersion, kind, openAPIV3Schema)`` for each served version of a CRD's body."""
    if not isinstance(body, dict):
        return
    spec = body.get("spec")
    if not isinstance(spec, dict):
        return
    group = spec.get("group")
    names = spec.get("names")
    kind = names.get("kind") if isinstance(names, dict) else None
    versions = spec.get("versions")
    if not isinstance(group, str) or not isinstance(kind, str) or not isinstance(versions, list):
        return
    for version in versions:
        if not isinstance(version, dict) or not isinstance(version.get("name"), str):
            continue
        schema = version.get("schema")
        schema = schema.get("openAPIV3Schema") if isinstance(schema, dict) else None
        if isinstance(schema, dict):
            yield f"{group}/{version['name']}", kind, schema


def _where(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the object"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null"


_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
}


def _is(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(name, (object,)))


_INT_OR_STRING_NODE, _QUANTITY_NODE = 1, 2
_TOP_FIELDS = frozenset({"apiVersion", "kind", "metadata"})
_NO_FIELDS: frozenset[str] = frozenset()
# type names an isinstance test on ``_TYPES`` decides alone (numbers need bool and
# integral-float care, see ``_is``)
_PLAIN_TYPE_NAMES = frozenset({"object", "array", "string", "boolean"})


@dataclass(slots=True)
class _Node:
    """One schema with its ``$ref`` chain followed and its keywords read once: the walker meets
    the same few thousand schemas hundreds of thousands of times on a large scan."""

    source: dict[str, Any]  # the schema as referenced; keeps its id (the cache key) taken
    schema: dict[str, Any]
    special: int
    options: list[dict[str, Any]] | None
    all_of: list[dict[str, Any]]
    wanted: tuple[str, ...]
    plain: tuple[type, ...] | None
    enum: list[Any] | None
    properties: dict[str, Any]
    extra: Any
    closed: bool
    embedded: bool
    required: tuple[Any, ...]
    items: dict[str, Any] | None


SchemaNodes = dict[int, _Node]


@cache
def _builtin_nodes(version: tuple[int, int]) -> SchemaNodes:
    return {}  # filled as validation meets each schema; built-in schemas are cached for good


def _prepare(source: dict[str, Any], defs: dict[str, Any], custom: bool) -> _Node:
    schema, ref = source, source.get("$ref")
    name = ""
    while isinstance(ref, str) and ref.startswith(_REF_PREFIXES):
        name = ref.rpartition("/")[2]
        schema = defs.get(name, {})
        ref = schema.get("$ref")
    special = 0
    if name.endswith("intstr.IntOrString") or schema.get("x-kubernetes-int-or-string"):
        special = _INT_OR_STRING_NODE
    elif name.endswith("resource.Quantity"):
        special = _QUANTITY_NODE
    options = None
    if "oneOf" in schema or "anyOf" in schema:
        alternatives = schema.get("oneOf") or schema.get("anyOf") or []
        options = [o for o in alternatives if isinstance(o, dict)] or None
    types = schema.get("type")
    if isinstance(types, str):
        types = [types]
    wanted = tuple(t for t in types if t != "null") if types else ()
    plain = None
    if wanted and all(t in _PLAIN_TYPE_NAMES for t in wanted):
        plain = tuple(kind for t in wanted for kind in _TYPES[t])
    enum = schema.get("enum")
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    extra = schema.get("additionalProperties")
    preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
    # built-in schemas mark closed objects; a CRD's structural schema prunes unknown fields
    closed = (extra is False and bool(properties)) or (custom and extra is None and not preserve)
    items = schema.get("items")
    return _Node(
        source,
        schema,
        special,
        options,
        [p for p in schema.get("allOf", ()) if isinstance(p, dict)],
        wanted,
        plain,
        enum if isinstance(enum, list) else None,
        properties,
        extra,
        closed,
        bool(schema.get("x-kubernetes-embedded-resource")),
        tuple(schema.get("required", ())),
        items if isinstance(items, dict) else None,
    )


class _Walker:
    __slots__ = ("custom", "defs", "nodes", "problems")

    def __init__(self, defs: dict[str, Any], nodes: SchemaNodes, *, custom: bool = False) -> None:
        self.defs = defs
        self.nodes = nodes
        self.custom = custom
        self.problems: list[Problem] = []

    def _add(self, path: Path, message: str, kind: str, at_value: bool = True) -> None:
        self.problems.append(Problem(path, message, kind, at_value))

    def walk(self, schema: dict[str, Any], value: Any, path: Path, *, top: bool = False) -> None:
        node = self.nodes.get(id(schema))
        if node is None or node.source is not schema:
            node = self.nodes[id(schema)] = _prepare(schema, self.defs, self.custom)
        if value is None:
            return  # the API server treats an explicit null as "not set"
        # a placeholder has a brace or starts with a capital: most strings skip the regex
        if (
            isinstance(value, str)
            and ("{" in value or "A" <= value[:1] <= "Z")
            and _PLACEHOLDER.search(value)
        ):
            return  # a template placeholder: its rendered value is unknown
        if node.special:
            if node.special == _INT_OR_STRING_NODE:
                self._int_or_string(value, path)
            else:
                self._quantity(value, path)
            return
        if node.options is not None and not self._alternatives(node.options, value, path):
            return
        for part in node.all_of:
            self.walk(part, value, path)
        wanted = node.wanted
        if wanted and not (
            isinstance(value, node.plain) if node.plain else any(_is(value, t) for t in wanted)
        ):
            expected = " or ".join(_NAMES.get(t, t) for t in wanted)
            self._add(path, f"{_where(path)} must be {expected}, not {_type_name(value)}", "type")
            return
        enum = node.enum
        if enum is not None and value not in enum:
            shown = ", ".join(json.dumps(e) for e in enum[:_MAX_ENUM])
            more = ", ..." if len(enum) > _MAX_ENUM else ""
            self._add(
                path, f"{_where(path)} is {json.dumps(value)}; allowed: {shown}{more}", "enum"
            )
            return
        if self.custom:
            self._constraints(node.schema, value, path)
        if isinstance(value, dict):
            self._object(node, value, path, top)
        elif isinstance(value, list):
            items = node.items
            if items is not None:
                for index, item in enumerate(value):
                    self.walk(items, item, (*path, index))

    def _alternatives(self, options: list[dict[str, Any]], value: Any, path: Path) -> bool:
        """True when one alternative accepts ``value`` (then walk on with the first such)."""
        best: list[Problem] | None = None
        for option in options:
            trial = _Walker(self.defs, self.nodes, custom=self.custom)
            trial.walk(option, value, path)
            if not trial.problems:
                return True
            if best is None or len(trial.problems) < len(best):
                best = trial.problems
        self.problems.extend(best or [])
        return False

    def _int_or_string(self, value: Any, path: Path) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            self._add(
                path,
                f"{_where(path)} must be an integer or a string, not {_type_name(value)}",
                "type",
            )
        elif isinstance(value, str) and value.strip().isdigit():
            self._add(
                path,
                f'{_where(path)} is the string "{value}": a string here must be a percentage or '
                f"a port name, so write the number {value.strip()} without quotes",
                "format",
            )

    def _quantity(self, value: Any, path: Path) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self._add(path, f"{_where(path)} must be a quantity, not {_type_name(value)}", "type")
        elif isinstance(value, str) and not _QUANTITY.match(value.strip()):
            self._add(
                path,
                f'{_where(path)} "{value}" is not a Kubernetes quantity (e.g. 500m, 0.5, 128Mi, '
                "1G; binary suffixes are Ki Mi Gi Ti, not MB or GB)",
                "format",
            )

    def _constraints(self, schema: dict[str, Any], value: Any, path: Path) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = schema.get("minimum"), schema.get("maximum")
            if isinstance(low, (int, float)) and value < low:
                self._add(path, f"{_where(path)} is {value}, below the minimum {low}", "range")
            elif isinstance(high, (int, float)) and value > high:
                self._add(path, f"{_where(path)} is {value}, above the maximum {high}", "range")
        elif isinstance(value, str):
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                try:
                    matched = re.search(pattern, value) is not None
                except re.error:
                    matched = True
                if not matched:
                    self._add(
                        path,
                        f"{_where(path)} {json.dumps(value)} does not match {pattern}",
                        "format",
                    )

    def _object(self, node: _Node, value: dict[Any, Any], path: Path, top: bool) -> None:
        properties, extra = node.properties, node.extra
        skip = _TOP_FIELDS if top or node.embedded else _NO_FIELDS
        for key, item in value.items():
            key_text = str(key)
            sub = properties.get(key_text)
            if isinstance(sub, dict):
                if key_text not in skip:
                    self.walk(sub, item, (*path, key_text))
            elif isinstance(extra, dict):
                self.walk(extra, item, (*path, key_text))
            elif node.closed and key_text not in skip:
                self._unknown(path, key_text, list(properties))
        for key in node.required:
            if key not in value and key not in skip:
                self._add(
                    path, f"{_where(path)} is missing the required field `{key}`", "required", False
                )

    def _unknown(self, path: Path, key: str, known: list[str]) -> None:
        close = difflib.get_close_matches(key, known, n=3, cutoff=0.7)
        if close:
            hint = " (did you mean " + " or ".join(f"`{c}`" for c in close) + "?)"
        elif 0 < len(known) <= _MAX_ENUM:
            hint = " (known fields: " + ", ".join(f"`{k}`" for k in sorted(known)) + ")"
        else:
            hint = ""
        where = _where(path) if path else "the object's top level"
        self._add((*path, key), f"`{key}` is not a field of {where}{hint}", "unknown", False)
