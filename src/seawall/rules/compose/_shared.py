"""Helpers the compose rules share: truthy values, image names, byte sizes, commands, ports."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

from seawall.model.compose import ComposeService
from seawall.model.image import parse_image

_DOCKER_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)b?\s*$", re.IGNORECASE)


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "on")


def image_name(service: ComposeService) -> str:
    """The image's repository, lower case, without registry or tag (``bitnami/redis``)."""
    image = service.image
    if not image or "$" in image:
        return ""
    return parse_image(image).repository.lower().removeprefix("library/")


def image_is(service: ComposeService, *names: str) -> bool:
    """Whether the image's last path part is one of ``names`` (``redis`` for ``bitnami/redis``)."""
    name = image_name(service)
    return bool(name) and name.rsplit("/", 1)[-1] in names


def docker_bytes(value: Any) -> int | None:
    """A compose/Docker byte value (``512M``, ``2g``, ``1gb``, a number of bytes): binary units."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if not isinstance(value, str):
        return None
    match = _SIZE.match(value)
    if match is None:
        return None
    return int(float(match[1]) * _DOCKER_UNITS[match[2].lower()])


def human(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True, slots=True)
class MemoryLimit:
    bytes: int
    text: str
    field: tuple[str, ...]


def memory_limit(service: ComposeService) -> MemoryLimit | None:
    """The container's memory limit: ``deploy.resources.limits.memory``, else ``mem_limit``."""
    deploy = service.get("deploy")
    limits: Any = None
    if isinstance(deploy, dict):
        resources = deploy.get("resources")
        if isinstance(resources, dict):
            limits = resources.get("limits")
    if isinstance(limits, dict) and limits.get("memory") is not None:
        size = docker_bytes(limits["memory"])
        if size is not None:
            return MemoryLimit(size, str(limits["memory"]), ("deploy", "resources", "limits"))
    if service.get("mem_limit") is not None:
        size = docker_bytes(service.get("mem_limit"))
        if size is not None:
            return MemoryLimit(size, str(service.get("mem_limit")), ("mem_limit",))
    return None


def command_words(service: ComposeService, key: str = "command") -> list[str]:
    """``command`` (or ``entrypoint``) as words: a list as written, a string split as compose
    splits it (shell-like quoting)."""
    value = service.get(key)
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError:
            return value.split()
    return []


def option_value(words: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value`` among ``words``."""
    for index, word in enumerate(words):
        if word == name and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(name + "="):
            return word[len(name) + 1 :]
    return None


@dataclass(frozen=True, slots=True)
class PublishedPort:
    index: int
    host_ip: str
    published: str
    target: int | None
    protocol: str
    text: str


def published_ports(service: ComposeService) -> list[PublishedPort]:
    """The ``ports`` entries, short and long syntax, with the host address they bind."""
    ports = service.get("ports")
    out: list[PublishedPort] = []
    for index, item in enumerate(ports if isinstance(ports, list) else []):
        if isinstance(item, dict):
            target = _port(item.get("target"))
            out.append(
                PublishedPort(
                    index,
                    str(item.get("host_ip") or ""),
                    str(item.get("published") or ""),
                    target,
                    str(item.get("protocol") or "tcp"),
                    f"{item.get('published', '')}:{item.get('target', '')}",
                )
            )
            continue
        text = str(item)
        body, _, protocol = text.partition("/")
        host_ip = ""
        if body.startswith("["):
            close = body.find("]")
            host_ip, body = body[1:close], body[close + 1 :].lstrip(":")
        parts = body.rsplit(":", 2)
        if len(parts) == 3:
            host_ip, published, target_text = parts
        elif len(parts) == 2:
            published, target_text = parts
        else:
            published, target_text = "", parts[0]
        target = _port(target_text.split("-")[0])
        out.append(PublishedPort(index, host_ip, published, target, protocol or "tcp", text))
    return out


def _port(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def all_interfaces(host_ip: str) -> bool:
    return host_ip.strip("[]") in ("", "0.0.0.0", "::")
