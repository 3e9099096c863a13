"""Rendering a chart with Helm's own engine: in-process through ``helm-python-sdk`` (the
``seawall[helm]`` extra, Helm's Go library behind a C ABI), else a ``helm`` binary on ``PATH``.

Both are looked up only when a scan holds a chart, so scans without charts never load the
native library (about 0.6 s). Neither touches the network or a cluster: ``lookup`` returns
nothing and dependencies are only read from ``charts/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

ErrorKind = Literal["template", "values", "chart"]
INSTALL_HINT = "pip install 'seawall[helm]'"
_BINARY_TIMEOUT = 120
_SOURCE = re.compile(r"^# Source: (?P<key>\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """What ``helm template`` would be given; ``value_files`` and the ``--set`` expressions
    apply in Helm's order (files first, then ``--set``, then ``--set-string``)."""

    release_name: str = "release-name"
    namespace: str = "default"
    value_files: tuple[Path, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string_values: tuple[str, ...] = ()
    kube_version: str | None = None  # "1.30"
    api_versions: tuple[str, ...] = ()


@dataclass(slots=True)
class RenderOutput:
    """Rendered text per template (Helm's names) or Helm's error message."""

    manifests: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    error_kind: ErrorKind | None = None


class Renderer(Protocol):
    name: str

    def render(self, chart: Path, request: RenderRequest) -> RenderOutput: ...


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's values merge: maps merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in override.items():
        current = out.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            out[key] = deep_merge(current, value)
        else:
            out[key] = value
    return out


def classify_error(message: str) -> ErrorKind:
    if "values don't meet the specifications" in message or message.lstrip().startswith(
        ("- at '", "at '")
    ):
        return "values"
    if "error at (" in message or "template:" in message:
        return "template"
    return "chart"


class BindingRenderer:
    """Helm's Go engine in-process (``helm_python``)."""

    name = "helm-python-sdk"

    def __init__(self, module: Any) -> None:
        self.helm = module

    def _values(self, request: RenderRequest) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for path in request.value_files:
            loaded = self.helm.values_from_yaml(path.read_text(encoding="utf-8"))
            values = deep_merge(values, loaded or {})
        for expression in request.set_values:
            values = deep_merge(values, self.helm.parse_set_string(expression))
        for expression in request.set_string_values:
            values = deep_merge(values, self.helm.parse_set_string_values(expression))
        return values

    def render(self, chart: Path, request: RenderRequest) -> RenderOutput:
        helm = self.helm
        try:
            values = self._values(request)
        except (OSError, UnicodeDecodeError) as error:
            return RenderOutput(error=f"values file: {error}", error_kind="values")
        except helm.HelmError as error:
            return RenderOutput(error=str(error), error_kind="values")
        try:
            with helm.Chart.load(str(chart)) as loaded:
                return RenderOutput(self._render(loaded, values, request))
        except helm.HelmValuesError as error:
            return RenderOutput(error=str(error), error_kind="values")
        except helm.HelmRenderError as error:
            return RenderOutput(error=str(error), error_kind="template")
        except helm.HelmError as error:
            return RenderOutput(error=str(error), error_kind=classify_error(str(error)))

    def _render(self, chart: Any, values: dict[str, Any], request: RenderRequest) -> dict[str, str]:
        options: dict[str, Any] = {
            "name": request.release_name,
            "namespace": request.namespace,
            "is_install": True,
        }
        native = getattr(self.helm, "_native", None)
        if native is not None:
            # the public ``Chart.render`` of 0.2.x does not pass ``kube_version`` and
            # ``api_versions``, which the library's render options accept: call it directly
            full = dict(options)
            if request.kube_version:
                full["kube_version"] = f"v{request.kube_version}.0"
            if request.api_versions:
                full["api_versions"] = list(request.api_versions)
            try:
                raw = native.call_string(
                    "helm_render", chart._raw(), json.dumps(values), json.dumps(full)
                )
                rendered: dict[str, str] = json.loads(raw)
                return rendered
            except self.helm.HelmInvalidArgError:
                pass  # an older library without those options: render without them
            except AttributeError:
                pass
        result: dict[str, str] = chart.render(values, **options)
        return result


class BinaryRenderer:
    """``helm template`` of a ``helm`` binary; its output is split at the ``# Source:`` lines."""

    name = "helm"

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def command(self, chart: Path, request: RenderRequest) -> list[str]:
        command = [
            self.executable,
            "template",
            request.release_name,
            str(chart),
            "--namespace",
            request.namespace,
        ]
        for path in request.value_files:
            command += ["--values", str(path)]
        for expression in request.set_values:
            command += ["--set", expression]
        for expression in request.set_string_values:
            command += ["--set-string", expression]
        if request.kube_version:
            command += ["--kube-version", request.kube_version]
        for api in request.api_versions:
            command += ["--api-versions", api]
        return command

    def render(self, chart: Path, request: RenderRequest) -> RenderOutput:
        try:
            done = subprocess.run(
                self.command(chart, request),
                capture_output=True,
                text=True,
                timeout=_BINARY_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return RenderOutput(error=f"helm could not run: {error}", error_kind="chart")
        if done.returncode != 0:
            message = done.stderr.strip().removeprefix("Error: ") or "helm template failed"
            return RenderOutput(error=message, error_kind=classify_error(message))
        return RenderOutput(split_sources(done.stdout))


def split_sources(stream: str) -> dict[str, str]:
    """``helm template`` output as text per template, keyed by the ``# Source:`` names."""
    out: dict[str, str] = {}
    matches = list(_SOURCE.finditer(stream))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(stream)
        body = stream[match.end() : end]
        body = body.removeprefix("\n")
        body = re.sub(r"\n---\s*$", "\n", body)
        key = match["key"]
        out[key] = out.get(key, "") + ("---\n" if key in out else "") + body
    return out


@cache
def find_renderer() -> Renderer | None:
    """The in-process binding when installed, else a ``helm`` binary, else None."""
    try:
        import helm_python
    except ImportError:
        pass
    except OSError:  # the wheel is there but its native library does not load
        pass
    else:
        return BindingRenderer(helm_python)
    executable = shutil.which("helm")
    return BinaryRenderer(executable) if executable else None


def renderer_names() -> Sequence[str]:
    return (BindingRenderer.name, BinaryRenderer.name)
