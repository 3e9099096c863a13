"""The image has a HEALTHCHECK, which Kubernetes ignores, and the container has no probe.

## What it checks
Containers (not init or ephemeral containers) whose image is built by a Dockerfile of the scan
set (matched by the configuration's `images`, a compose service's `build` + `image`, or the
Dockerfile's name) and whose image has a `HEALTHCHECK CMD ...` (its own or one inherited from
an earlier stage), while the container has neither a `livenessProbe` nor a `readinessProbe`.
`HEALTHCHECK NONE` is no healthcheck. The message suggests the equivalent probe: an `httpGet`
probe when the check is a plain `curl`/`wget` of a local URL, else an `exec` probe running the
same command, with the interval, timeout and retries carried over.

## Why it matters
Kubernetes never runs a Dockerfile `HEALTHCHECK`: the authors meant the container to be
restarted or taken out of rotation when the check fails, and in the cluster nothing checks it.
A hung process keeps receiving traffic and is never restarted.

## Example
```dockerfile
FROM python:3.12-slim
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/healthz || exit 1
```
```yaml
      containers:
        - name: api                 # no livenessProbe, no readinessProbe
          image: registry.example.com/team/api:3.0.1
```

## Fix
Add the probe the message suggests (as `livenessProbe`, and a `readinessProbe` if the check
also means "ready for traffic"). An `httpGet` probe needs no `curl` in the image.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
- https://docs.docker.com/reference/dockerfile/#healthcheck
"""

import json
import re
import shlex
from collections.abc import Iterator
from urllib.parse import urlsplit

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import Healthcheck
from seawall.model.podspec import PodSpecView
from seawall.rules.cross._shared import containers_with_images, where

RULE = Rule(
    code="XA103",
    name="healthcheck-without-probe",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="The image has a HEALTHCHECK, which Kubernetes ignores, and the container has no probe",
    targets=("pod-spec",),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
    ),
)

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
# `|| exit 1` (or `|| exit`) only turns any failure into status 1; a probe needs no such thing
_EXIT_SUFFIX = re.compile(r"\s*\|\|\s*exit(?:\s+\d+)?\s*$")
_SHELL_SYNTAX = re.compile(r"[|&;<>`$(){}]")
# flags that do not change what a plain GET of the URL checks
_CURL_LETTERS = frozenset("fsSLk")
_CURL_LONG = frozenset({"--fail", "--silent", "--show-error", "--location", "--insecure"})
_WGET_LETTERS = frozenset("q")
_WGET_LONG = frozenset({"--quiet", "--spider", "--no-verbose"})
_DISCARD = frozenset({"/dev/null", "-"})
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9/._~-]*")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
# HEALTHCHECK option -> probe field
_TIMINGS = (("interval", "periodSeconds"), ("timeout", "timeoutSeconds"))


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container, built in containers_with_images(pod, ctx):
        if container.group != "containers":
            continue
        body = container.body
        if body.get("livenessProbe") is not None or body.get("readinessProbe") is not None:
            continue
        health = built.image.healthcheck
        if health is None or health.disabled or health.command is None:
            continue
        line = health.instruction.span.line
        message = (
            f"the image of {where(container)} has a HEALTHCHECK ({built.at(line)}), which "
            "Kubernetes never runs, and the container has no livenessProbe or readinessProbe: "
            f"a hung process is never restarted; add `livenessProbe: {_probe(health)}`"
        )
        yield container.finding(RULE, message, "image", at_value=True)


def _probe(health: Healthcheck) -> str:
    """The probe equivalent to ``health``, as a YAML flow mapping."""
    assert health.command is not None
    argv = health.command.argv
    action = None
    if argv is None and health.command.shell is not None:
        text = _EXIT_SUFFIX.sub("", health.command.shell.strip())
        words = None if _SHELL_SYNTAX.search(text) else _split(text)
        action = _http_get(words) if words else None
        if action is None:
            action = _exec(["/bin/sh", "-c", health.command.shell.strip()])
    elif argv:
        action = _http_get(argv) or _exec(argv)
    parts = [action or _exec([])]
    for option, field in _TIMINGS:
        seconds = _seconds(health.options.get(option))
        if seconds is not None:
            parts.append(f"{field}: {seconds}")
    retries = health.options.get("retries")
    if retries is not None and retries.isdigit() and int(retries) > 0:
        parts.append(f"failureThreshold: {int(retries)}")
    return "{" + ", ".join(parts) + "}"


def _split(text: str) -> list[str] | None:
    try:
        return shlex.split(text)
    except ValueError:
        return None


def _exec(argv: list[str]) -> str:
    return "exec: {command: " + json.dumps(argv, ensure_ascii=False) + "}"


def _http_get(argv: list[str]) -> str | None:
    """An ``httpGet`` action for a plain ``curl``/``wget`` of one local URL, else None."""
    program = argv[0].rsplit("/", 1)[-1]
    if program == "curl":
        letters, long_flags, output = _CURL_LETTERS, _CURL_LONG, "-o"
    elif program == "wget":
        letters, long_flags, output = _WGET_LETTERS, _WGET_LONG, "-O"
    else:
        return None
    urls: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if word.startswith(("http://", "https://")):
            urls.append(word)
        elif word in long_flags:
            continue
        elif word.startswith("-") and not word.startswith("--") and len(word) > 1:
            cluster = word[1:]
            if cluster.endswith(output[1] + "-") and _letters_ok(cluster[:-2], letters):
                continue  # wget -qO-: the body to standard output
            if cluster.endswith(output[1]) and _letters_ok(cluster[:-1], letters):
                if next(words, None) not in _DISCARD:
                    return None
                continue
            if not _letters_ok(cluster, letters):
                return None
        else:
            return None
    if len(urls) != 1:
        return None
    try:
        url = urlsplit(urls[0])
        port = url.port
    except ValueError:
        return None
    if url.hostname not in _LOCAL_HOSTS or url.query or url.fragment:
        return None
    https = url.scheme == "https"
    path = url.path or "/"
    shown = path if _PLAIN_PATH.fullmatch(path) else json.dumps(path)
    fields = [f"path: {shown}", f"port: {port or (443 if https else 80)}"]
    if https:
        fields.append("scheme: HTTPS")
    return "httpGet: {" + ", ".join(fields) + "}"


def _letters_ok(letters: str, allowed: frozenset[str]) -> bool:
    return all(c in allowed for c in letters)


def _seconds(value: str | None) -> int | None:
    """A Docker duration (``30s``, ``1m30s``) in whole seconds, at least 1; None if invalid."""
    if not value or _DURATION.sub("", value.strip()):
        return None
    total = sum(float(n) * _UNIT_SECONDS[unit] for n, unit in _DURATION.findall(value))
    return max(1, round(total))
