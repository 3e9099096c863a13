"""A compose service's `build.target` names a stage its Dockerfile does not define.

## What it checks
`build.target` against the stages (`FROM ... AS name`) of the Dockerfile the build resolves to,
when that Dockerfile is in the scan. When the resolved Dockerfile does not exist (see CO701) but
the scan holds exactly one Dockerfile with the same distinctive name (not plain `Dockerfile`),
the target is checked against it too, so the finding says whether fixing the path is enough.

## Why it matters
BuildKit stops with "target stage could not be found": the service cannot be built. Often the
stage was renamed (`production` to `runtime`) or the final stage was never named, and the
compose file kept the old name.

## Example
```yaml
services:
  app:
    build:
      context: .
      target: production   # the Dockerfile has `builder` and an unnamed final stage
```

## Fix
Name the stage (`FROM scratch AS production`) or change `target` to an existing stage; drop
`target` to build the last stage.

## References
- https://docs.docker.com/reference/compose-file/build/#target
- https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="CO702",
    name="compose-build-target-missing",
    severity=Severity.HIGH,
    category="correctness",
    summary="`build.target` names a stage the Dockerfile does not define",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/build/#target",),
)


def _stages(view: DockerfileView) -> str:
    names = [s.name for s in view.doc.stages if s.name]
    unnamed = sum(1 for s in view.doc.stages if not s.name)
    parts = [f"`{n}`" for n in names]
    if unnamed:
        parts.append(f"{unnamed} unnamed" if unnamed > 1 else "an unnamed final stage")
    return ", ".join(parts) or "no stages"


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    build = service.build
    if build is None or build.target is None or "$" in build.target:
        return
    target = build.target
    if build.view is not None:
        if build.view.doc.stage_named(target) is not None:
            return
        yield service.finding(
            RULE,
            f"service {service.name} builds target `{target}`, but {build.display} has no such "
            f"stage (it has {_stages(build.view)}): the build fails; name the stage "
            f"(`FROM ... AS {target}`) or change `target`",
            "build",
            "target",
        )
        return
    likely = build.likely
    if likely is None or likely.doc.stage_named(target) is not None:
        return
    found = f"{likely.source.display} has {_stages(likely)}"
    yield service.finding(
        RULE,
        f"service {service.name} builds target `{target}`; its Dockerfile {build.display} does "
        f"not exist, and the scanned Dockerfile of that name does not define `{target}` either "
        f"({found}): fixing the path is not enough; name the final stage "
        f"(`FROM ... AS {target}`) or change `target`",
        "build",
        "target",
    )
