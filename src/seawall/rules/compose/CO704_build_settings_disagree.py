"""A service's `user` or published ports disagree with the Dockerfile it builds.

## What it checks
For services with `build:` whose Dockerfile is in the scan:
- `user:` set to a user other than the final stage's `USER` (a different name or UID; numeric
  and named forms are compared as written);
- container ports in `ports:` or `expose:` that the image does not `EXPOSE`.

## Why it matters
Both are signs that the compose file and the Dockerfile drifted apart. A different `user`
overrides the image's user: files the Dockerfile made readable for its own user may be unreadable,
or a compose `user: root` silently undoes the image's non-root hardening. A published port the
image never exposes usually points at the wrong port: the proxy gets "connection refused" while
the application listens elsewhere.

## Example
```yaml
services:
  app:
    build: .
    user: root
    ports:
      - "8080:80"     # the Dockerfile has EXPOSE 8080 and USER 10001
```

## Fix
Make the two agree: drop `user:` to keep the image's own user (or change the Dockerfile), and
publish the port the image exposes.

## References
- https://docs.docker.com/reference/compose-file/services/#user
- https://docs.docker.com/reference/dockerfile/#expose
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.model.dockerfile import final_image
from seawall.rules.compose._shared import published_ports

RULE = Rule(
    code="CO704",
    name="compose-build-settings-disagree",
    severity=Severity.LOW,
    category="correctness",
    summary="A service's user or published ports disagree with the Dockerfile it builds",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/services/#user",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    build = service.build
    if build is None or build.view is None:
        return  # a missing Dockerfile is CO701's finding; guessing one here would mislead
    image = final_image(build.view.doc, target=build.target) or build.view.image
    if image is None:
        return
    dockerfile = build.view.source.display
    user = service.get("user")
    if user is not None and image.user is not None:
        written, declared = str(user), image.user.value
        if written.split(":")[0] != declared.split(":")[0]:
            yield service.finding(
                RULE,
                f"service {service.name} runs as `{written}`, but its Dockerfile "
                f"({dockerfile}:{image.user.span.line}) sets `USER {declared}`: the compose "
                "user overrides the image's; keep one of them",
                "user",
                at_value=True,
            )
    ranges = [(p.port, p.end_port or p.port) for p in image.exposed_ports if p.port is not None]
    if not ranges:
        return  # no EXPOSE at all says nothing about the ports the image listens on
    shown = ", ".join(p.text for p in image.exposed_ports)
    wanted = [(port.target, ("ports", port.index)) for port in published_ports(service)]
    expose = service.get("expose")
    for index, item in enumerate(expose if isinstance(expose, list) else []):
        text = str(item).split("/")[0].split("-")[0]
        wanted.append((int(text) if text.isdigit() else None, ("expose", index)))
    for target, field in wanted:
        if target is None or any(low <= target <= high for low, high in ranges):
            continue
        yield service.finding(
            RULE,
            f"service {service.name} uses container port {target}, which its Dockerfile "
            f"({dockerfile}) does not EXPOSE (it exposes {shown}): check that the application "
            "listens there",
            *field,
            at_value=True,
        )
