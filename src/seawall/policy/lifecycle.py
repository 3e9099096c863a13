"""The lifecycle data file (``data/api_lifecycle.yaml``): typed, validated, loaded once.

The file lists removed and deprecated apiVersion/kind pairs (Kubernetes and add-ons),
annotations replaced by fields, kube-apiserver admission plugins and component flags, each with
the release that deprecated or removed it and the URL that says so. ``load()`` checks the file's
shape and raises ``LifecycleDataError`` on any mistake, so that a bad edit fails the tests
instead of silently dropping an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from seawall.policy.data import read_data

Version = tuple[int, int]

DATA_FILE = "api_lifecycle.yaml"
_VERSION = re.compile(r"^(\d+)\.(\d+)$")
_URL = re.compile(r"^https://[^\s/]+\.[^\s/]+/\S*$")


class LifecycleDataError(ValueError):
    """The data file does not have the expected shape."""


def label(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


@dataclass(frozen=True, slots=True)
class Addon:
    """An add-on (cert-manager) whose own release, not Kubernetes', retired an API."""

    name: str
    deprecated_in: Version | None
    removed_in: Version


@dataclass(frozen=True, slots=True)
class ApiEntry:
    api_version: str
    kind: str
    deprecated_in: Version | None  # Kubernetes release; None when no source names it
    removed_in: Version | None  # Kubernetes release; None for add-on APIs and deprecations only
    replacement: str | None
    advice: str | None  # what to do when there is no replacement API version
    addon: Addon | None
    source: str

    @property
    def what_to_do(self) -> str:
        if self.replacement:
            return f"use {self.replacement}"
        return self.advice or "remove it"


@dataclass(frozen=True, slots=True)
class AnnotationEntry:
    key: str
    prefix: bool  # the key is followed by a container name
    used_on: str  # "pod" for Pods and pod templates, else the kind that carries it
    deprecated_in: Version | None
    removed_in: Version | None
    replacement: str
    reported_by: str | None  # another rule already reports it
    source: str

    def matches(self, annotation: str) -> bool:
        if self.prefix:
            return annotation.startswith(self.key) and len(annotation) > len(self.key)
        return annotation == self.key


@dataclass(frozen=True, slots=True)
class AdmissionPluginEntry:
    name: str
    removed_in: Version
    advice: str
    source: str


@dataclass(frozen=True, slots=True)
class FlagEntry:
    component: str
    flag: str
    removed_in: Version
    source: str


@dataclass(frozen=True, slots=True)
class Lifecycle:
    apis: dict[tuple[str, str], ApiEntry]
    annotations: tuple[AnnotationEntry, ...]
    admission_plugins: dict[str, AdmissionPluginEntry]
    flags: dict[tuple[str, str], FlagEntry]


# --------------------------------------------------------------------------- validation


def _fail(where: str, problem: str) -> LifecycleDataError:
    return LifecycleDataError(f"{DATA_FILE}: {where}: {problem}")


def _map(value: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "expected a mapping")
    unknown = set(value) - allowed
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    missing = required - set(value)
    if missing:
        raise _fail(where, f"missing keys {sorted(missing)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected a non-empty string")
    return value


def _version(value: Any, where: str) -> Version | None:
    if value is None:
        return None
    match = _VERSION.match(value) if isinstance(value, str) else None
    if match is None:
        raise _fail(where, f"{value!r} is not a quoted X.Y version")
    return int(match.group(1)), int(match.group(2))


def _required_version(value: Any, where: str) -> Version:
    version = _version(value, where)
    if version is None:
        raise _fail(where, "a version is required")
    return version


def _source(value: Any, where: str) -> str:
    text = _text(value, where)
    if not _URL.match(text):
        raise _fail(where, f"{text!r} is not an https URL")
    return text


def _ordered(deprecated: Version | None, removed: Version | None, where: str) -> None:
    if deprecated is not None and removed is not None and deprecated > removed:
        raise _fail(where, "deprecated after it was removed")


def _list(raw: dict[str, Any], name: str) -> list[Any]:
    value = raw.get(name)
    if not isinstance(value, list) or not value:
        raise _fail(name, "expected a non-empty list")
    return value


def _addon(value: Any, where: str) -> Addon | None:
    if value is None:
        return None
    body = _map(value, where, {"name", "deprecated_in", "removed_in"}, {"name", "removed_in"})
    deprecated = _version(body.get("deprecated_in"), f"{where}.deprecated_in")
    removed = _required_version(body["removed_in"], f"{where}.removed_in")
    _ordered(deprecated, removed, where)
    return Addon(_text(body["name"], f"{where}.name"), deprecated, removed)


_API_KEYS = {
    "api_version",
    "kinds",
    "deprecated_in",
    "removed_in",
    "replacement",
    "advice",
    "addon",
    "source",
}


def _apis(items: list[Any]) -> dict[tuple[str, str], ApiEntry]:
    out: dict[tuple[str, str], ApiEntry] = {}
    for index, item in enumerate(items):
        where = f"apis[{index}]"
        body = _map(item, where, _API_KEYS, {"api_version", "kinds", "source"})
        api_version = _text(body["api_version"], f"{where}.api_version")
        deprecated = _version(body.get("deprecated_in"), f"{where}.deprecated_in")
        removed = _version(body.get("removed_in"), f"{where}.removed_in")
        _ordered(deprecated, removed, where)
        addon = _addon(body.get("addon"), f"{where}.addon")
        if deprecated is None and removed is None and addon is None:
            raise _fail(where, "neither deprecated nor removed")
        replacement = body.get("replacement")
        if replacement is not None:
            replacement = _text(replacement, f"{where}.replacement")
            if replacement == api_version:
                raise _fail(where, "the replacement is the entry itself")
        advice = body.get("advice")
        if replacement is None and advice is None:
            raise _fail(where, "needs a replacement or an advice")
        kinds = body["kinds"]
        if not isinstance(kinds, list) or not kinds:
            raise _fail(f"{where}.kinds", "expected a non-empty list")
        for kind in kinds:
            key = (api_version, _text(kind, f"{where}.kinds"))
            if key in out:
                raise _fail(where, f"duplicate entry {key[0]} {key[1]}")
            out[key] = ApiEntry(
                api_version,
                key[1],
                deprecated,
                removed,
                replacement,
                None if advice is None else _text(advice, f"{where}.advice"),
                addon,
                _source(body["source"], f"{where}.source"),
            )
    return out


_ANNOTATION_KEYS = {
    "key",
    "prefix",
    "used_on",
    "deprecated_in",
    "removed_in",
    "replacement",
    "reported_by",
    "source",
}


def _annotations(items: list[Any]) -> tuple[AnnotationEntry, ...]:
    out: list[AnnotationEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"annotations[{index}]"
        body = _map(item, where, _ANNOTATION_KEYS, {"key", "used_on", "replacement", "source"})
        key = _text(body["key"], f"{where}.key")
        if key in seen:
            raise _fail(where, f"duplicate annotation {key}")
        seen.add(key)
        deprecated = _version(body.get("deprecated_in"), f"{where}.deprecated_in")
        removed = _version(body.get("removed_in"), f"{where}.removed_in")
        _ordered(deprecated, removed, where)
        if deprecated is None and removed is None:
            raise _fail(where, "neither deprecated nor removed")
        replacement = _text(body["replacement"], f"{where}.replacement")
        if replacement == key:
            raise _fail(where, "the replacement is the entry itself")
        prefix = body.get("prefix", False)
        if not isinstance(prefix, bool):
            raise _fail(f"{where}.prefix", "expected true or false")
        reported_by = body.get("reported_by")
        out.append(
            AnnotationEntry(
                key,
                prefix,
                _text(body["used_on"], f"{where}.used_on"),
                deprecated,
                removed,
                replacement,
                None if reported_by is None else _text(reported_by, f"{where}.reported_by"),
                _source(body["source"], f"{where}.source"),
            )
        )
    return tuple(out)


def _plugins(items: list[Any]) -> dict[str, AdmissionPluginEntry]:
    out: dict[str, AdmissionPluginEntry] = {}
    for index, item in enumerate(items):
        where = f"admission_plugins[{index}]"
        required = {"name", "removed_in", "advice", "source"}
        body = _map(item, where, required, required)
        name = _text(body["name"], f"{where}.name")
        if name in out:
            raise _fail(where, f"duplicate plugin {name}")
        out[name] = AdmissionPluginEntry(
            name,
            _required_version(body["removed_in"], f"{where}.removed_in"),
            _text(body["advice"], f"{where}.advice"),
            _source(body["source"], f"{where}.source"),
        )
    return out


def _flags(items: list[Any]) -> dict[tuple[str, str], FlagEntry]:
    out: dict[tuple[str, str], FlagEntry] = {}
    for index, item in enumerate(items):
        where = f"component_flags[{index}]"
        required = {"component", "flags", "removed_in", "source"}
        body = _map(item, where, required, required)
        component = _text(body["component"], f"{where}.component")
        removed = _required_version(body["removed_in"], f"{where}.removed_in")
        source = _source(body["source"], f"{where}.source")
        flags = body["flags"]
        if not isinstance(flags, list) or not flags:
            raise _fail(f"{where}.flags", "expected a non-empty list")
        for flag in flags:
            name = _text(flag, f"{where}.flags")
            if name.startswith("-"):
                raise _fail(f"{where}.flags", f"write {name!r} without dashes")
            if (component, name) in out:
                raise _fail(where, f"duplicate flag {component} --{name}")
            out[(component, name)] = FlagEntry(component, name, removed, source)
    return out


def parse(text: str) -> Lifecycle:
    """The lifecycle tables of a data file's text; raises ``LifecycleDataError`` on bad shape."""
    raw = yaml.safe_load(text)
    top = {"apis", "annotations", "admission_plugins", "component_flags"}
    body = _map(raw, "top level", top, top)
    return Lifecycle(
        _apis(_list(body, "apis")),
        _annotations(_list(body, "annotations")),
        _plugins(_list(body, "admission_plugins")),
        _flags(_list(body, "component_flags")),
    )


def data_text() -> str:
    return read_data(DATA_FILE)


@cache
def load() -> Lifecycle:
    """The packaged data file, parsed and checked once per process."""
    return parse(data_text())


# --------------------------------------------------------------------------- accessors


def api_entry(api_version: str, kind: str) -> ApiEntry | None:
    return load().apis.get((api_version, kind))


def annotation_entries() -> tuple[AnnotationEntry, ...]:
    return load().annotations


def admission_plugin(name: str) -> AdmissionPluginEntry | None:
    return load().admission_plugins.get(name)


def removed_flag(component: str, flag: str) -> FlagEntry | None:
    return load().flags.get((component, flag))
