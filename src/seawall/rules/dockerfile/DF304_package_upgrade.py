"""A `RUN` upgrades every installed package of the base image.

## What it checks
Whole-system upgrades in `RUN`: `apt-get`/`apt` `upgrade`, `dist-upgrade` and `full-upgrade`;
`apk upgrade`; `yum`, `dnf`, `microdnf` or `tdnf` `update`/`upgrade`/`distro-sync`; `zypper`
`update`, `dist-upgrade` and `patch`. Upgrades limited to named packages
(`apk upgrade openssl`, `dnf update openssl`) are not reported.

## Why it matters
The result depends on the day of the build, not on the Dockerfile: two builds of the same commit
contain different packages, and a rebuild for an unrelated change can pull in an upgrade that
breaks the application. The base image's tag or digest no longer describes what is inside, so
scanners and SBOMs that reason from the base image are wrong, and the extra layer duplicates
every upgraded file of the base image. Base images are rebuilt with security fixes regularly; an
upgrade inside the Dockerfile works around not picking those up.

## Example
```dockerfile
FROM alpine:3.18
RUN apk update && apk upgrade
```

## Fix
Rebuild on a newer base image instead (the latest patch release, pinned by digest and bumped by
Renovate or Dependabot). When a scanner flags one package that the base image has not fixed yet,
upgrade only that package, by name and version, and remove the line once the base catches up:
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache 'openssl>=3.3.2-r0'
```

## References
- https://docs.docker.com/build/building/best-practices/#apt-get
- https://github.com/hadolint/hadolint/wiki/DL3005
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.shell import Command

RULE = Rule(
    code="DF304",
    name="package-upgrade",
    severity=Severity.LOW,
    category="supply-chain",
    summary="A RUN upgrades every installed package of the base image",
    targets=("dockerfile",),
    equivalents=("DL3005", "DL3035", "DS024"),
    references=("https://docs.docker.com/build/building/best-practices/#apt-get",),
)

_APT_VALUES = frozenset(
    {"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file"}
)
_UPGRADES: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"upgrade", "dist-upgrade", "full-upgrade"}),
    "apt": frozenset({"upgrade", "dist-upgrade", "full-upgrade"}),
    "aptitude": frozenset({"upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade"}),
    "apk": frozenset({"upgrade"}),
    "yum": frozenset({"update", "upgrade", "distro-sync", "upgrade-minimal", "update-minimal"}),
    "dnf": frozenset({"update", "upgrade", "distro-sync", "upgrade-minimal", "update-minimal"}),
    "microdnf": frozenset({"update", "upgrade"}),
    "tdnf": frozenset({"update", "upgrade", "distro-sync"}),
    "zypper": frozenset({"update", "up", "dist-upgrade", "dup", "patch"}),
}
# apt upgrades take no package names; for the others, named packages make a targeted upgrade
_WHOLE_SYSTEM_ONLY = frozenset({"apt-get", "apt", "aptitude"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr, cmd in dockerfile.run_commands():
        index = _upgrade(cmd)
        if index is None:
            continue
        label = f"{cmd.name} {cmd.args[index]}"
        yield dockerfile.finding(
            RULE,
            f"`{label}` upgrades whatever is newest on the day of the build, so the image "
            "no longer matches its base image and rebuilds are not reproducible; build on "
            "a newer base image instead, or upgrade only a named package to a fixed version",
            instr.locate(cmd.program_span[0], cmd.arg_spans[index][1]),
        )


def _upgrade(cmd: Command) -> int | None:
    """The index in ``cmd.args`` of a whole-system upgrade subcommand, else None."""
    verbs = _UPGRADES.get(cmd.name)
    if verbs is None:
        return None
    values = _APT_VALUES if cmd.name in _WHOLE_SYSTEM_ONLY else frozenset()
    operands = cmd.operands(values)
    if not operands or cmd.args[operands[0]] not in verbs:
        return None
    if len(operands) > 1 and cmd.name not in _WHOLE_SYSTEM_ONLY:
        return None  # `dnf update openssl`: a targeted upgrade
    return operands[0]
