"""Compose projects: files interpolated, merged and resolved as ``docker compose`` does, with the
place every value was written kept for findings.

A project is one base file plus the files merged onto it (``-f a -f b`` order, or the override
file beside the base), with ``extends`` and ``include`` resolved. Every value of the merged model
keeps an ``Origin``: the file and the offsets where it was written, so a finding about a merged or
inherited value points at the line that set it. ``ComposeService`` and ``ComposeProject`` make
findings with ``finding(rule, message, *field)`` like every other view.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from seawall.core.finding import Finding
from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.model.located import finding_written_at
from seawall.parse.compose_env import Interpolated, Substitution, interpolate
from seawall.parse.yaml import Path, PathPart, YList, YMap, format_path

if TYPE_CHECKING:
    from seawall.model.dockerfile_view import DockerfileView

OVERRIDE_NAMES = {
    "compose.yaml": ("compose.override.yaml", "compose.override.yml"),
    "compose.yml": ("compose.override.yml", "compose.override.yaml"),
    "docker-compose.yaml": ("docker-compose.override.yaml", "docker-compose.override.yml"),
    "docker-compose.yml": ("docker-compose.override.yml", "docker-compose.override.yaml"),
}
# keys whose value the later file replaces instead of merging (the spec's shell commands)
_REPLACED = frozenset({"command", "entrypoint"})
# sequences whose entries are unique by a key: a later entry replaces an earlier one
_UNIQUE = frozenset({"ports", "volumes", "secrets", "configs", "devices"})
# attributes written as a mapping or as a list of `KEY=VALUE` strings
_KEY_VALUE = frozenset({"environment", "labels", "annotations", "sysctls", "extra_hosts"})
_MAX_DEPTH = 16


# --------------------------------------------------------------------------- origins


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one value was written: its file, the offsets of its key (None for a list item) and
    of its value, and for scalars the text before interpolation with what interpolation did."""

    source: SourceFile
    key: tuple[int, int] | None
    value: tuple[int, int]
    raw: str | None = None
    interpolated: Interpolated | None = None
    collection: bool = False

    @property
    def substitutions(self) -> tuple[Substitution, ...]:
        return self.interpolated.substitutions if self.interpolated else ()

    def span(self, *, key: bool = True) -> Span:
        lines = self.source.lines
        text = self.source.text
        vs, ve = self.value
        if key and self.key is not None:
            ks, ke = self.key
            if not self.collection and "\n" not in text[ks:ve]:
                return lines.span(ks, ve)
            return lines.span(ks, ke)
        if self.collection:
            newline = text.find("\n", vs, ve)
            return lines.span(vs, newline if newline > vs else ve)
        return lines.span(vs, ve)

    def offset_in_value(self, position: int) -> int | None:
        """The file offset of character ``position`` of ``raw``, when the scalar is written
        verbatim (plain or quoted without escapes)."""
        if self.raw is None:
            return None
        vs, ve = self.value
        found = self.source.text.find(self.raw, vs, ve)
        return None if found < 0 else found + position

    def span_in_value(self, start: int, end: int) -> Span:
        """The span of ``raw[start:end]`` in the file, else of the whole value."""
        first, last = self.offset_in_value(start), self.offset_in_value(end)
        if first is None or last is None:
            return self.span(key=False)
        return self.source.lines.span(first, last)


Origins = dict[Path, Origin]


@dataclass(slots=True)
class ComposeProblem:
    """An input problem found while building a project (a required variable unset, an
    ``extends`` that names nothing); ``kind`` selects the input rule."""

    kind: str
    message: str
    source: SourceFile
    span: Span


@dataclass(slots=True)
class ComposeFile:
    """One file of a project after interpolation, before merging."""

    source: SourceFile
    root: YMap
    data: dict[str, Any]
    origins: Origins

    def finding(self, rule: Rule, message: str, *path: PathPart, at_value: bool = False) -> Finding:
        origin = _deepest(self.origins, path)
        span = origin.span(key=not at_value) if origin else Span.point(1)
        return Finding(
            rule,
            rule.severity,
            message,
            self.source.display,
            span,
            path=format_path(path) if path else None,
        )


def _deepest(origins: Origins, path: Path) -> Origin | None:
    for end in range(len(path), -1, -1):
        origin = origins.get(path[:end])
        if origin is not None:
            return origin
    return None


# --------------------------------------------------------------------------- reading a file


class _Reader:
    """Interpolates one parsed file into plain data plus origins."""

    def __init__(self, source: SourceFile, env: Mapping[str, str]) -> None:
        self.source = source
        self.env = env
        self.origins: Origins = {}
        self.problems: list[ComposeProblem] = []

    def read(self, root: YMap) -> dict[str, Any]:
        self.origins[()] = Origin(self.source, None, root.offsets, collection=True)
        value = self._node(root, ())
        return value if isinstance(value, dict) else {}

    def _node(self, node: Any, path: Path) -> Any:
        if isinstance(node, YMap):
            out: dict[Any, Any] = {}
            for key, value in node.items():
                ks, ke, vs, ve = node.entries[key]
                child = (*path, key)
                self.origins[child] = self._origin((ks, ke), (vs, ve), value)
                out[key] = self._node(value, child)
            return _Tagged.wrap(out, node.tag)
        if isinstance(node, YList):
            items: list[Any] = []
            for index, value in enumerate(node):
                child = (*path, index)
                self.origins[child] = self._origin(None, node.items[index], value)
                items.append(self._node(value, child))
            return _Tagged.wrap(items, node.tag)
        return self._scalar(node, path)

    def _origin(self, key: tuple[int, int] | None, value: tuple[int, int], node: Any) -> Origin:
        if isinstance(node, YMap | YList):
            return Origin(self.source, key, value, collection=True)
        if isinstance(node, str) and "$" in node:
            result = interpolate(node, self.env)
            return Origin(self.source, key, value, node, result)
        return Origin(self.source, key, value, node if isinstance(node, str) else None)

    def _scalar(self, node: Any, path: Path) -> Any:
        if not isinstance(node, str) or "$" not in node:
            return node
        origin = self.origins[path]
        result = origin.interpolated
        assert result is not None
        for error in result.errors:
            kind = "compose-variable-unset" if error.kind == "required" else "compose-interpolation"
            self.problems.append(
                ComposeProblem(
                    kind, error.message, self.source, origin.span_in_value(error.start, error.end)
                )
            )
        return result.value


class _Tagged:
    """``!reset`` and ``!override`` tags survive interpolation as marker subclasses."""

    @staticmethod
    def wrap(value: Any, tag: str | None) -> Any:
        if tag == "!reset":
            return _Reset()
        if tag == "!override":
            return _Override(value)
        return value


class _Reset:
    """``!reset``: the attribute is removed from the merged model."""


@dataclass(slots=True)
class _Override:
    """``!override``: the value replaces the earlier one instead of merging with it."""

    value: Any


def _strip_tags(value: Any) -> Any:
    if isinstance(value, _Override):
        return _strip_tags(value.value)
    if isinstance(value, dict):
        return {k: _strip_tags(v) for k, v in value.items() if not isinstance(v, _Reset)}
    if isinstance(value, list):
        return [_strip_tags(v) for v in value if not isinstance(v, _Reset)]
    return value


def plain_data(value: Any) -> Any:
    """``value`` as JSON-like data: tags resolved, mapping keys as strings (for schemas)."""
    if isinstance(value, _Override):
        return plain_data(value.value)
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items() if not isinstance(v, _Reset)}
    if isinstance(value, list):
        return [plain_data(v) for v in value if not isinstance(v, _Reset)]
    return value


# --------------------------------------------------------------------------- merging


def _move(origins: Origins, source: Origins, old: Path, new: Path) -> None:
    """Copy the origins below ``old`` in ``source`` to below ``new`` in ``origins``."""
    size = len(old)
    for path, origin in source.items():
        if path[:size] == old:
            origins[new + path[size:]] = origin


def _drop(origins: Origins, prefix: Path) -> None:
    size = len(prefix)
    for path in [p for p in origins if p[:size] == prefix]:
        del origins[path]


def _key_value_map(value: Any, origins: Origins, path: Path) -> dict[str, Any]:
    """A list of ``KEY=VALUE`` strings as a mapping, origins re-keyed onto the names."""
    if isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    moved: Origins = {}
    for index, item in enumerate(value if isinstance(value, list) else []):
        text = str(item)
        name, sep, rest = text.partition("=")
        if not sep and ":" in text and path and path[-1] == "extra_hosts":
            name, _, rest = text.partition(":")
        out[name] = rest if sep or path[-1:] == ("extra_hosts",) else None
        origin = origins.get((*path, index))
        if origin is not None:
            moved[(*path, name)] = origin
    for index in range(len(value) if isinstance(value, list) else 0):
        _drop(origins, (*path, index))
    origins.update(moved)
    return out


def _unique_key(attribute: str, item: Any) -> Any:
    if attribute == "ports":
        if isinstance(item, dict):
            return (
                item.get("host_ip"),
                item.get("published"),
                item.get("target"),
                item.get("protocol", "tcp"),
            )
        text = str(item)
        protocol = "tcp"
        if "/" in text:
            text, protocol = text.rsplit("/", 1)
        return ("port", text, protocol)
    if attribute in ("volumes", "devices"):
        if isinstance(item, dict):
            return item.get("target")
        parts = str(item).split(":")
        return parts[1] if len(parts) > 1 else parts[0]
    if isinstance(item, dict):
        return item.get("source")
    return str(item)


def merge_into(
    base: Any, base_origins: Origins, over: Any, over_origins: Origins, path: Path
) -> Any:
    """Merge ``over`` onto ``base`` at ``path`` (both origin maps are keyed from the root);
    ``base_origins`` is updated to describe the result, which is returned."""
    if isinstance(over, _Reset):
        _drop(base_origins, path)
        return _Reset()
    if isinstance(over, _Override) or not path_mergeable(path, base, over):
        _drop(base_origins, path)
        _move(base_origins, over_origins, path, path)
        return _strip_tags(over)
    attribute = path[-1] if path else None
    if isinstance(over, dict) or attribute in _KEY_VALUE:
        if attribute in _KEY_VALUE and not isinstance(over, dict):
            over_origins = dict(over_origins)
            over = _key_value_map(over, over_origins, path)
            base = _key_value_map(base, base_origins, path)
        elif attribute in _KEY_VALUE:
            base = _key_value_map(base, base_origins, path)
        out = dict(base)
        for key, value in over.items():
            child = (*path, key)
            if key in out and not isinstance(value, _Reset):
                out[key] = merge_into(out[key], base_origins, value, over_origins, child)
                if child in over_origins:
                    base_origins[child] = over_origins[child]
            elif isinstance(value, _Reset):
                out.pop(key, None)
                _drop(base_origins, child)
            else:
                out[key] = _strip_tags(value)
                _move(base_origins, over_origins, child, child)
        return out
    # two sequences
    assert isinstance(base, list) and isinstance(over, list)
    if attribute in _UNIQUE:
        keys = [_unique_key(str(attribute), item) for item in base]
        out_list = list(base)
        for index, item in enumerate(over):
            key = _unique_key(str(attribute), item)
            if key in keys:
                at = keys.index(key)
                out_list[at] = _strip_tags(item)
                _drop(base_origins, (*path, at))
                _move(base_origins, over_origins, (*path, index), (*path, at))
            else:
                keys.append(key)
                out_list.append(_strip_tags(item))
                _move(base_origins, over_origins, (*path, index), (*path, len(out_list) - 1))
        return out_list
    out_list = list(base)
    for index, item in enumerate(over):
        out_list.append(_strip_tags(item))
        _move(base_origins, over_origins, (*path, index), (*path, len(out_list) - 1))
    return out_list


def path_mergeable(path: Path, base: Any, over: Any) -> bool:
    """Whether ``over`` merges with ``base`` (else it replaces it)."""
    attribute = path[-1] if path else None
    if attribute in _REPLACED or path[-2:] == ("healthcheck", "test"):
        return False
    if attribute in _KEY_VALUE:
        return isinstance(base, dict | list) and isinstance(over, dict | list)
    if isinstance(base, dict) and isinstance(over, dict):
        return True
    return isinstance(base, list) and isinstance(over, list)


# --------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class EnvVar:
    """One entry of a service's ``environment``: the value after interpolation (None for a bare
    ``NAME``, which passes the variable through from the shell) and where it was written."""

    name: str
    value: str | None
    raw: str | None
    path: Path
    origin: Origin | None

    @property
    def substitutions(self) -> tuple[Substitution, ...]:
        return self.origin.substitutions if self.origin else ()

    @property
    def literal(self) -> bool:
        """Written as a plain value, without interpolation."""
        return self.value is not None and not self.substitutions


@dataclass(slots=True)
class ServiceBuild:
    """A service's ``build``, resolved as ``docker compose`` does: the context relative to the
    file that wrote it, the Dockerfile relative to the context. The loader fills in whether the
    Dockerfile exists (``exists``, None when it was not checked: a remote context, standard
    input), the scanned Dockerfile at that path (``view``) and scanned Dockerfiles with the same
    file name elsewhere (``namesakes``), so rules cross-check without I/O."""

    context: str
    dockerfile: str
    target: str | None
    path: FsPath | None
    display: str
    exists: bool | None = None
    view: DockerfileView | None = None
    namesakes: tuple[DockerfileView, ...] = ()

    @property
    def likely(self) -> DockerfileView | None:
        """When the Dockerfile does not exist: the one scanned Dockerfile with the same,
        distinctive file name (not plain ``Dockerfile``), probably the one meant."""
        if self.exists is not False or len(self.namesakes) != 1:
            return None
        return None if self.namesakes[0].source.path.name == "Dockerfile" else self.namesakes[0]


def service_build(service: ComposeService) -> ServiceBuild | None:
    """The resolved ``build`` of ``service`` (None without one, or with ``dockerfile_inline``)."""
    build = service.get("build")
    if isinstance(build, str):
        context, dockerfile, target = build, "Dockerfile", None
    elif isinstance(build, dict):
        if "dockerfile_inline" in build:
            return None
        context = str(build.get("context", "."))
        dockerfile = str(build.get("dockerfile", "Dockerfile"))
        raw_target = build.get("target")
        target = str(raw_target) if isinstance(raw_target, str) and raw_target else None
    else:
        return None
    origin = service.origin("build", "context") or service.origin("build") or service.origin()
    source = origin.source if origin else service.project.source
    remote = "://" in context or context.startswith("git@") or context.endswith(".git")
    if remote or source.display == "-":
        return ServiceBuild(context, dockerfile, target, None, dockerfile)
    base = source.path.parent / context
    path = FsPath(dockerfile) if FsPath(dockerfile).is_absolute() else base / dockerfile
    display = posixpath.normpath(
        posixpath.join(posixpath.dirname(source.display), context, dockerfile)
    )
    return ServiceBuild(context, dockerfile, target, path, display)


class _View:
    project: ComposeProject
    path: Path

    def origin(self, *rel: PathPart) -> Origin | None:
        """Where the value at ``rel`` below this view was written (None when nowhere)."""
        return self.project.origins.get(self.path + rel)

    def span_at(self, *rel: PathPart, key: bool = True) -> Span:
        origin = _deepest(self.project.origins, self.path + rel)
        return origin.span(key=key) if origin else Span.point(1)

    def finding(
        self,
        rule: Rule,
        message: str,
        *rel: PathPart,
        at_value: bool = False,
        span: Span | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding at the field ``rel`` below this view, in the file that wrote it (its
        nearest written ancestor when missing); ``span`` narrows it, e.g. to a default inside
        an interpolated string."""
        full = self.path + rel
        return finding_written_at(
            rule,
            message,
            _deepest(self.project.origins, full),
            self.project.source,
            format_path(full) if full else None,
            at_value=at_value,
            span=span,
            fix=fix,
            severity=severity,
        )


class ComposeService(_View):
    """One service of the merged model (``data`` is its merged mapping)."""

    __slots__ = ("data", "name", "path", "project")

    def __init__(self, project: ComposeProject, name: str, data: dict[str, Any]) -> None:
        self.project = project
        self.name = name
        self.data = data
        self.path: Path = ("services", name)

    @property
    def source(self) -> SourceFile:
        origin = self.origin()
        return origin.source if origin else self.project.source

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def build(self) -> ServiceBuild | None:
        """The resolved ``build`` (see ``ServiceBuild``), as the loader completed it."""
        return self.project.builds.get(self.name)

    @property
    def image(self) -> str | None:
        image = self.data.get("image")
        return image if isinstance(image, str) else None

    @property
    def profiles(self) -> tuple[str, ...]:
        profiles = self.data.get("profiles")
        return tuple(str(p) for p in profiles) if isinstance(profiles, list) else ()

    @property
    def active(self) -> bool:
        """Started by a plain ``docker compose up``: no profiles, or a selected one."""
        return not self.profiles or bool(set(self.profiles) & set(self.project.selected_profiles))

    def environment(self) -> list[EnvVar]:
        """Every ``environment`` entry, list or mapping form, with where it was written."""
        env = self.data.get("environment")
        out: list[EnvVar] = []
        if isinstance(env, dict):
            for name, value in env.items():
                path = ("environment", name)
                origin = self.origin(*path)
                text = None if value is None else _text(value)
                raw = origin.raw if origin and origin.raw is not None else text
                out.append(EnvVar(str(name), text, raw, path, origin))
        elif isinstance(env, list):
            for index, item in enumerate(env):
                path = ("environment", index)
                origin = self.origin(*path)
                name, sep, value = _text(item).partition("=")
                raw = origin.raw if origin and origin.raw is not None else _text(item)
                out.append(EnvVar(name, value if sep else None, raw, path, origin))
        return out

    def __repr__(self) -> str:
        return f"<ComposeService {self.name} of {self.project.source.display}>"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class ComposeProject(_View):
    """A merged compose project. ``files`` are its own files in merge order (``extends`` and
    ``include`` targets are not among them; their values carry their own origins)."""

    __slots__ = (
        "builds",
        "data",
        "files",
        "index",
        "origins",
        "path",
        "problems",
        "selected_profiles",
    )

    def __init__(
        self,
        files: list[ComposeFile],
        data: dict[str, Any],
        origins: Origins,
        problems: list[ComposeProblem],
        selected_profiles: Sequence[str] = (),
        index: int = 0,
    ) -> None:
        self.files = files
        self.data = data
        self.origins = origins
        self.problems = problems
        self.selected_profiles = tuple(selected_profiles)
        self.index = index
        self.path: Path = ()
        # service name -> resolved build; the loader fills it (see ``attach_builds``)
        self.builds: dict[str, ServiceBuild] = {}

    @property
    def project(self) -> ComposeProject:  # type: ignore[override]
        # the view protocol asks every view for its project; a stored self-reference would be
        # a reference cycle, leaving the project's documents to the cyclic collector
        return self

    @property
    def source(self) -> SourceFile:
        return self.files[0].source

    @property
    def name(self) -> str | None:
        name = self.data.get("name")
        return name if isinstance(name, str) else None

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    @property
    def services(self) -> list[ComposeService]:
        return [
            ComposeService(self, str(name), value if isinstance(value, dict) else {})
            for name, value in self.section("services").items()
        ]

    @property
    def networks(self) -> dict[str, Any]:
        return self.section("networks")

    @property
    def volumes(self) -> dict[str, Any]:
        return self.section("volumes")

    @property
    def secrets(self) -> dict[str, Any]:
        return self.section("secrets")

    @property
    def configs(self) -> dict[str, Any]:
        return self.section("configs")

    @property
    def version(self) -> Any:
        return self.data.get("version")

    @property
    def profiles(self) -> tuple[str, ...]:
        """Every profile a service names."""
        seen: dict[str, None] = {}
        for service in self.services:
            seen.update(dict.fromkeys(service.profiles))
        return tuple(seen)

    def __repr__(self) -> str:
        return f"<ComposeProject {self.source.display}>"


# --------------------------------------------------------------------------- building

ParsedFile = tuple[SourceFile, YMap]
Resolve = Callable[[FsPath, str], "ParsedFile | None"]
"""Reads a file that a project refers to (``extends``, ``include``): its path and display name
to the parsed file, or None when it cannot be read or is not a mapping."""


@dataclass(slots=True)
class ProjectInputs:
    """What building one project needs: its files in merge order and the interpolation
    environment; ``resolve`` reads referenced files (the engine's reader, with a cache)."""

    files: list[ParsedFile]
    env: Mapping[str, str]
    resolve: Resolve
    selected_profiles: Sequence[str] = ()
    env_for: Callable[[FsPath], Mapping[str, str]] | None = None


@dataclass(slots=True)
class _Build:
    inputs: ProjectInputs
    problems: list[ComposeProblem] = field(default_factory=list)
    stack: list[tuple[str, str]] = field(default_factory=list)

    def read(self, source: SourceFile, root: YMap, env: Mapping[str, str]) -> ComposeFile:
        reader = _Reader(source, env)
        data = reader.read(root)
        self.problems.extend(reader.problems)
        return ComposeFile(source, root, data, reader.origins)

    def referenced(self, base: SourceFile, relative: str) -> ComposeFile | None:
        path = (base.path.parent / relative).resolve() if base.display != "-" else FsPath(relative)
        display = posixpath.normpath(posixpath.join(posixpath.dirname(base.display), relative))
        parsed = self.inputs.resolve(path, display)
        if parsed is None:
            return None
        env = self.inputs.env_for(path.parent) if self.inputs.env_for else self.inputs.env
        return self.read(parsed[0], parsed[1], env)


def build_project(inputs: ProjectInputs, index: int = 0) -> ComposeProject:
    """Interpolate, resolve ``include`` and ``extends``, and merge the files of one project."""
    build = _Build(inputs)
    files = [build.read(source, root, inputs.env) for source, root in inputs.files]
    data: dict[str, Any] = {}
    origins: Origins = {}
    for number, file in enumerate(files):
        _resolve_includes(build, file, 0)
        _resolve_extends(build, file)
        if number == 0:
            data = _strip_tags(file.data)
            origins = dict(file.origins)
        else:
            data = merge_into(data, origins, file.data, file.origins, ())
    if not isinstance(data, dict):
        data = {}
    return ComposeProject(files, data, origins, build.problems, inputs.selected_profiles, index)


def _problem(build: _Build, file: ComposeFile, kind: str, message: str, *path: PathPart) -> None:
    origin = _deepest(file.origins, path)
    span = origin.span() if origin else Span.point(1)
    build.problems.append(ComposeProblem(kind, message, file.source, span))


def _resolve_includes(build: _Build, file: ComposeFile, depth: int) -> None:
    """Add the resources of ``include``d files that this file does not define itself."""
    include = file.data.get("include")
    if not isinstance(include, list) or depth > _MAX_DEPTH:
        return
    for index, entry in enumerate(include):
        paths = entry.get("path") if isinstance(entry, dict) else entry
        for relative in paths if isinstance(paths, list) else [paths]:
            if not isinstance(relative, str):
                continue
            other = build.referenced(file.source, relative)
            if other is None:
                _problem(
                    build,
                    file,
                    "compose-reference",
                    f"include: {relative} cannot be read",
                    "include",
                    index,
                )
                continue
            _resolve_includes(build, other, depth + 1)
            _resolve_extends(build, other)
            for section in ("services", "networks", "volumes", "secrets", "configs"):
                theirs = other.data.get(section)
                if not isinstance(theirs, dict):
                    continue
                ours = file.data.setdefault(section, {})
                if not isinstance(ours, dict):
                    continue
                if (section,) not in file.origins:
                    file.origins[(section,)] = other.origins.get((section,), file.origins[()])
                for name, value in theirs.items():
                    if name not in ours:
                        ours[name] = value
                        _move(file.origins, other.origins, (section, name), (section, name))


def _resolve_extends(build: _Build, file: ComposeFile) -> None:
    services = file.data.get("services")
    if not isinstance(services, dict):
        return
    for name in list(services):
        _extend_service(build, file, str(name), 0)


def _extend_service(build: _Build, file: ComposeFile, name: str, depth: int) -> None:
    services = file.data["services"]
    service = services.get(name)
    if not isinstance(service, dict) or "extends" not in service:
        return
    extends = service.pop("extends")
    path = ("services", name)
    here = (file.source.display, name)
    if here in build.stack or depth > _MAX_DEPTH:
        _problem(
            build,
            file,
            "compose-reference",
            f"service {name} extends itself through a cycle",
            *path,
            "extends",
        )
        return
    if isinstance(extends, str):
        target_name, target_file = extends, None
    elif isinstance(extends, dict) and isinstance(extends.get("service"), str):
        target_name = extends["service"]
        target_file = extends.get("file") if isinstance(extends.get("file"), str) else None
    else:
        return
    build.stack.append(here)
    try:
        if target_file is None:
            owner: ComposeFile | None = file
        else:
            owner = build.referenced(file.source, target_file)
        if owner is None:
            _problem(
                build,
                file,
                "compose-reference",
                f"extends: {target_file} cannot be read",
                *path,
                "extends",
            )
            return
        others = owner.data.get("services")
        if not isinstance(others, dict) or not isinstance(others.get(target_name), dict):
            where = f" in {target_file}" if target_file else ""
            _problem(
                build,
                file,
                "compose-reference",
                f"extends: service {target_name}{where} does not exist",
                *path,
                "extends",
            )
            return
        _extend_service(build, owner, target_name, depth + 1)
        inherited = _strip_tags(owner.data["services"][target_name])
        merged: Origins = {}
        _move(merged, owner.origins, ("services", target_name), path)
        local: Origins = {}
        _move(local, file.origins, path, path)
        result = merge_into(inherited, merged, service, local, path)
        for key in [p for p in file.origins if p[: len(path)] == path and len(p) > len(path)]:
            del file.origins[key]
        file.origins.update({p: o for p, o in merged.items() if len(p) > len(path)})
        services[name] = result
    finally:
        build.stack.pop()
