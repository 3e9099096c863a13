"""Project configuration: ``.seawall.yaml`` or ``[tool.seawall]`` in ``pyproject.toml``.

Every key is checked; a mistake is reported with its file, line and a suggestion, never ignored.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seawall.core.severity import Severity
from seawall.engine.errors import UsageError
from seawall.engine.registry import Registry
from seawall.graph.external import ExternalObjects, ExternalPatternError, parse_pattern
from seawall.model.image import parse_image
from seawall.parse.yaml import YMap, parse_yaml
from seawall.policy.pod_security import MODES, LevelSetting, PodSecurityConfig, parse_level
from seawall.policy.pss import parse_policy_version

CONFIG_NAMES = (".seawall.yaml", ".seawall.yml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
KEYS = {
    "select": "rule code prefixes to run (default: every stable rule)",
    "ignore": "rule code prefixes not to run",
    "severity": "per-rule severity: {CODE: critical|high|medium|low|info}",
    "options": "per-rule options: {CODE: {option: value}}",
    "exclude": "gitignore-style path patterns not to scan",
    "kubernetes_version": "target Kubernetes version, X.Y",
    "fail_on": "lowest severity that makes `seawall check` exit 1",
    "max_file_size": "largest file to read, in bytes or with a unit (10MiB)",
    "baseline": "baseline file of accepted findings",
    "pod_security": "Pod Security levels: {default: {enforce: baseline}, namespaces: {NS: {...}}}",
    "external": "objects created outside the scanned files: [Kind/namespace/name, Kind/name]",
    "images": "Dockerfiles building each image repository: {registry/team/app: path/Dockerfile}",
}
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")
_SIZE = re.compile(r"^\s*(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$", re.I)
_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 10**6, "mib": 1 << 20, "gb": 10**9, "gib": 1 << 30}


class ConfigError(UsageError):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    kubernetes_version: str | None = None
    fail_on: Severity | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    baseline: Path | None = None
    pod_security: PodSecurityConfig = field(default_factory=PodSecurityConfig)
    external: ExternalObjects = field(default_factory=ExternalObjects)
    # image repository -> the Dockerfiles (absolute paths) that build it
    images: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)


def parse_version(text: str) -> tuple[int, int]:
    match = _VERSION.match(str(text).strip())
    if not match:
        raise UsageError(f"{text!r} is not a Kubernetes version; write it as X.Y, e.g. 1.30")
    return int(match[1]), int(match[2])


def parse_size(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(str(value)) if isinstance(value, str) else None
    if not match or int(match[1]) <= 0:
        raise UsageError(f"{value!r} is not a size; write bytes (1048576) or 10MiB, 500KB")
    return int(match[1]) * _UNITS[(match[2] or "b").lower()]


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or its parents (stopping at a git root)."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "seawall" in data["tool"]


class _Reader:
    """Reads and validates one raw table, naming positions the way the file allows."""

    def __init__(self, path: Path, registry: Registry, yaml_root: YMap | None) -> None:
        self.path = path
        self.registry = registry
        self.yaml_root = yaml_root

    def where(self, *keys: str) -> str:
        if self.yaml_root is not None:
            node: Any = self.yaml_root
            line = node.span.line
            for key in keys:
                if isinstance(node, YMap) and key in node:
                    line = node.key_span(key).line
                    node = node[key]
            return f"{self.path}:{line}"
        return f"{self.path}: [tool.seawall].{'.'.join(keys)}"

    def fail(self, message: str, *keys: str) -> ConfigError:
        return ConfigError(f"{self.where(*keys)}: {message}")

    def str_list(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = raw[key]
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"`{key}` must be a list of strings", key)
        return tuple(value)

    def code(self, selector: str, *keys: str) -> str:
        found = self.registry.get(selector)
        if found is None:
            named = [r for r in self.registry.rules.values() if r.rule.name == selector]
            if named:
                return named[0].rule.code
            close = difflib.get_close_matches(selector.upper(), list(self.registry.rules), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise self.fail(f"unknown rule {selector!r}{hint}", *keys)
        return found.rule.code

    def read(self, raw: Mapping[str, Any]) -> Config:
        for key in raw:
            if key not in KEYS:
                close = difflib.get_close_matches(str(key).replace("-", "_"), list(KEYS), n=1)
                hint = f"; did you mean `{close[0]}`?" if close else ""
                allowed = ", ".join(KEYS)
                raise self.fail(f"unknown key `{key}`{hint} (allowed: {allowed})", str(key))
        values: dict[str, Any] = {"path": self.path}
        if "select" in raw:
            values["select"] = self.str_list(raw, "select")
        if "ignore" in raw:
            values["ignore"] = self.str_list(raw, "ignore")
        if "exclude" in raw:
            values["exclude"] = self.str_list(raw, "exclude")
        if "severity" in raw:
            values["severity"] = self._severity(raw["severity"])
        if "options" in raw:
            values["options"] = self._options(raw["options"])
        if "kubernetes_version" in raw:
            try:
                major, minor = parse_version(str(raw["kubernetes_version"]))
            except ValueError as error:
                raise self.fail(str(error), "kubernetes_version") from None
            values["kubernetes_version"] = f"{major}.{minor}"
        if "fail_on" in raw:
            try:
                values["fail_on"] = Severity.parse(str(raw["fail_on"]))
            except ValueError as error:
                raise self.fail(str(error), "fail_on") from None
        if "max_file_size" in raw:
            try:
                values["max_file_size"] = parse_size(raw["max_file_size"])
            except ValueError as error:
                raise self.fail(str(error), "max_file_size") from None
        if "pod_security" in raw:
            values["pod_security"] = self._pod_security(raw["pod_security"])
        if "external" in raw:
            values["external"] = self._external(raw["external"])
        if "baseline" in raw:
            if not isinstance(raw["baseline"], str):
                raise self.fail("`baseline` must be a path", "baseline")
            values["baseline"] = self.path.parent / raw["baseline"]
        if "images" in raw:
            values["images"] = self._images(raw["images"])
        return Config(**values)

    def _images(self, value: Any) -> dict[str, tuple[Path, ...]]:
        """``{registry.example.com/team/app: docker/Dockerfile.app}``: each repository (no tag)
        to the Dockerfile, or list of Dockerfiles, relative to this file, that build it."""
        if not isinstance(value, dict):
            raise self.fail(
                "`images` must map image repositories to Dockerfile paths "
                "({registry.example.com/team/app: docker/Dockerfile})",
                "images",
            )
        out: dict[str, tuple[Path, ...]] = {}
        for key, paths in value.items():
            repository = str(key).strip()
            problem = _repository_problem(repository)
            if problem:
                raise self.fail(f"image {key!r} {problem}", "images", str(key))
            if isinstance(paths, str):
                paths = [paths]
            if (
                not isinstance(paths, list)
                or not paths
                or not all(isinstance(p, str) and p.strip() for p in paths)
            ):
                raise self.fail(
                    f"image {repository!r} must name a Dockerfile path or a list of them",
                    "images",
                    str(key),
                )
            resolved = tuple(self.path.parent / p.strip() for p in paths)
            for given, path in zip(paths, resolved, strict=True):
                if not path.is_file():
                    raise self.fail(
                        f"image {repository!r}: Dockerfile {given!r} does not exist "
                        f"(paths are relative to {self.path.parent})",
                        "images",
                        str(key),
                    )
            out[repository] = resolved
        return out

    def _external(self, value: Any) -> ExternalObjects:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(
                "`external` must be a list of strings such as Secret/NAMESPACE/NAME or "
                "StorageClass/NAME",
                "external",
            )
        patterns = []
        for entry in value:
            try:
                patterns.append(parse_pattern(entry))
            except ExternalPatternError as error:
                raise self.fail(f"`external`: {error}", "external") from None
        return ExternalObjects(tuple(patterns))

    def _pod_security(self, value: Any) -> PodSecurityConfig:
        if not isinstance(value, dict):
            raise self.fail("`pod_security` must be a table", "pod_security")
        unknown = [k for k in value if k not in ("default", "namespaces")]
        if unknown:
            raise self.fail(
                f"unknown key `{unknown[0]}` (allowed: default, namespaces)",
                "pod_security",
                str(unknown[0]),
            )
        default = self._levels(value.get("default", {}), "pod_security", "default")
        namespaces = value.get("namespaces", {})
        if not isinstance(namespaces, dict):
            raise self.fail("`namespaces` must map namespace names to levels", "pod_security")
        by_namespace = {
            str(name): self._levels(levels, "pod_security", "namespaces", str(name))
            for name, levels in namespaces.items()
        }
        return PodSecurityConfig(default=default, namespaces=by_namespace)

    def _levels(self, value: Any, *keys: str) -> dict[str, LevelSetting]:
        """``{enforce: restricted, enforce-version: v1.30, warn: ...}``, as the labels are."""
        if not isinstance(value, dict):
            raise self.fail("expected a table such as {enforce: baseline}", *keys)
        allowed = [*MODES, *(f"{m}-version" for m in MODES)]
        out: dict[str, LevelSetting] = {}
        for key in value:
            if key not in allowed:
                raise self.fail(
                    f"unknown key `{key}` (allowed: {', '.join(allowed)})", *keys, str(key)
                )
        for mode in MODES:
            if mode not in value:
                continue
            version = str(value.get(f"{mode}-version", "latest"))
            try:
                level = parse_level(str(value[mode]))
                parse_policy_version(version)
            except ValueError as error:
                raise self.fail(str(error), *keys, mode) from None
            out[mode] = LevelSetting(level, version, f"configuration {self.where(*keys, mode)}")
        return out

    def _severity(self, value: Any) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail("`severity` must map rule codes to severities", "severity")
        out: dict[str, Severity] = {}
        for key, level in value.items():
            code = self.code(str(key), "severity", str(key))
            try:
                out[code] = Severity.parse(str(level))
            except ValueError as error:
                raise self.fail(str(error), "severity", str(key)) from None
        return out

    def _options(self, value: Any) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            raise self.fail("`options` must map rule codes to option tables", "options")
        out: dict[str, dict[str, Any]] = {}
        for key, table in value.items():
            code = self.code(str(key), "options", str(key))
            rule = self.registry.rules[code].rule
            declared = {o.name: o for o in rule.options}
            if not isinstance(table, dict):
                raise self.fail(f"options for {code} must be a table", "options", str(key))
            for name, setting in table.items():
                option = declared.get(str(name))
                if option is None:
                    names = ", ".join(declared) or "none"
                    raise self.fail(
                        f"{code} has no option `{name}` (its options: {names})",
                        "options",
                        str(key),
                        str(name),
                    )
                problem = option.validate(setting)
                if problem:
                    raise self.fail(f"{code}.{name}: {problem}", "options", str(key), str(name))
            out[code] = dict(table)
        return out


def _repository_problem(repository: str) -> str | None:
    """Why ``repository`` is not an image repository name, or None."""
    if not repository or any(c.isspace() for c in repository):
        return "is not an image repository"
    ref = parse_image(repository)
    if ref.digest is not None or ref.tag is not None:
        bare = repository.split("@")[0]
        if ref.tag is not None:
            bare = bare.removesuffix(f":{ref.tag}")
        return f"has a tag or digest; write the repository only: {bare}"
    return None


def load_config(path: Path | None, registry: Registry) -> Config:
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        table = data.get("tool", {}).get("seawall", {}) if path.name == "pyproject.toml" else data
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.seawall] must be a table")
        return _Reader(path, registry, None).read(table)
    stream = parse_yaml(text)
    if stream.problems:
        problem = stream.problems[0]
        raise ConfigError(f"{path}:{problem.span.line}:{problem.span.column}: {problem.message}")
    roots = [d.root for d in stream.documents if d.root is not None]
    if not roots:
        return Config(path=path)
    if len(roots) > 1 or not isinstance(roots[0], YMap):
        raise ConfigError(f"{path}: configuration must be one YAML mapping")
    return _Reader(path, registry, roots[0]).read(roots[0])
