"""A compose healthcheck runs a command the built image cannot run.

## What it checks
Services built from a scanned Dockerfile (or, when the resolved path does not exist, the single
scanned Dockerfile of the same distinctive name, said so in the message) whose final image (the
`build.target` stage, else the last) has no shell, i.e. is `scratch` or distroless, and whose
`healthcheck.test` needs one: `CMD-SHELL` or the string form, or `CMD` running a shell or a
common tool that such images do not ship (`curl`, `wget`, `nc`, `sh`, `bash`, `python` ...).

## Why it matters
The check fails on every run: Docker marks the container unhealthy, dependents waiting for
`service_healthy` never start, and orchestrators restart a service that was working.

## Example
```yaml
services:
  app:
    build: .            # FROM scratch, COPY the binary
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
```

## Fix
Use a check the image can run: the binary's own health subcommand
(`["CMD", "/app", "healthcheck"]`, often already the Dockerfile's `HEALTHCHECK`), or copy a
static probe binary into the image.

## References
- https://docs.docker.com/reference/compose-file/services/#healthcheck
- https://docs.docker.com/reference/dockerfile/#healthcheck
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.model.dockerfile import final_image

RULE = Rule(
    code="CO703",
    name="compose-healthcheck-unrunnable",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A compose healthcheck runs a command the built image cannot run",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/services/#healthcheck",),
)

_TOOLS = {
    "curl", "wget", "nc", "netcat", "sh", "bash", "ash", "busybox", "python", "python3",
    "node", "perl", "/bin/sh", "/bin/bash", "/usr/bin/curl", "/usr/bin/wget",
}  # fmt: skip


def _needs(test: object) -> str | None:
    """What the test needs that a shell-less image lacks, or None."""
    if isinstance(test, str):
        return "a shell (the string form runs through `/bin/sh -c`)" if test.strip() else None
    if not isinstance(test, list) or not test:
        return None
    kind = str(test[0]).upper()
    if kind == "CMD-SHELL":
        return "a shell (`CMD-SHELL` runs through `/bin/sh -c`)"
    if kind == "CMD" and len(test) > 1:
        exe = str(test[1])
        if exe in _TOOLS or exe.rsplit("/", 1)[-1] in _TOOLS:
            return f"`{exe.rsplit('/', 1)[-1]}`"
    return None


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    build = service.build
    healthcheck = service.get("healthcheck")
    if build is None or not isinstance(healthcheck, dict):
        return
    view, qualifier = build.view, ""
    if view is None and build.likely is not None:
        view = build.likely
        qualifier = " (the scanned Dockerfile of that name, assuming it is the one meant)"
    if view is None:
        return
    image = final_image(view.doc, target=build.target) or view.image
    if image is None or image.has_shell:
        return
    need = _needs(healthcheck.get("test"))
    if need is None:
        return
    base = "scratch" if image.base_is_scratch else image.base_image
    own = ""
    if image.healthcheck is not None and not image.healthcheck.disabled:
        own = f"; the Dockerfile's own HEALTHCHECK (line {image.healthcheck.instruction.span.line})"
        own += " would work: remove the compose healthcheck to use it"
    yield service.finding(
        RULE,
        f"service {service.name}: the healthcheck needs {need}, but the image built from "
        f"{view.source.display}{qualifier} is based on {base} without a shell or such tools: "
        f"it always fails and the container is marked unhealthy{own}",
        "healthcheck",
        "test",
    )
