"""`apt-get install` pulls in recommended packages as well.

## What it checks
`apt-get install` and `apt install` without `--no-install-recommends` in the stages that make
up the final image (the last stage and the stages it is built `FROM`). Not reported when the
command sets `-o APT::Install-Recommends=false`, or when an earlier `RUN` of the image writes
`APT::Install-Recommends "false"` into the apt configuration. Build stages that only feed files
to the final image are not checked.

## Why it matters
By default apt installs every package the requested ones *recommend*: documentation, extra
tools, sometimes whole language runtimes. They make the image larger, and every extra binary is
more for vulnerability scanners to report and for an attacker to use, for packages nobody asked
for.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
```
If the program then misses something at run time, install that package by name.

## References
- https://docs.docker.com/build/building/best-practices/#apt-get
- https://github.com/hadolint/hadolint/wiki/DL3015
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.shell import Command

RULE = Rule(
    code="DF302",
    name="apt-without-no-install-recommends",
    severity=Severity.LOW,
    category="performance",
    summary="apt-get install pulls in recommended packages as well",
    targets=("dockerfile",),
    equivalents=("DL3015", "DS029"),
    references=("https://docs.docker.com/build/building/best-practices/#apt-get",),
)

_VALUE_OPTIONS = frozenset(
    {"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file",
     "-a", "--host-architecture"}
)  # fmt: skip
_RECOMMENDS_OFF = re.compile(
    r"""APT::Install-Recommends\s*(?:=\s*|\s+)["']?(?:false|0|no|off)\b""", re.IGNORECASE
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    configured = False  # apt is configured not to install recommends from here on
    for stage in reversed(image.base_chain):  # the layers of the final image, oldest first
        for instr in stage.instructions:
            if instr.keyword != "RUN":
                continue
            script = instr.script()
            if script is not None and not configured:
                for cmd in script.commands:
                    if _installs_recommends(cmd):
                        start, end = cmd.program_span[0], _install_end(cmd)
                        yield dockerfile.finding(
                            RULE,
                            f"`{cmd.name} install` without `--no-install-recommends` also "
                            "installs every recommended package, which the image does not need; "
                            "add `--no-install-recommends`",
                            instr.locate(start, end),
                        )
            texts = [instr.args, *(h.body for h in instr.heredocs)]
            if any(_RECOMMENDS_OFF.search(text) for text in texts):
                configured = True


def _installs_recommends(cmd: Command) -> bool:
    if cmd.name not in ("apt-get", "apt") or _subcommand(cmd) is None:
        return False
    if cmd.has_flag("--no-install-recommends"):
        return False
    return not any(_RECOMMENDS_OFF.search(word) for word in cmd.args)


def _subcommand(cmd: Command) -> int | None:
    """Where ``install`` is in ``cmd.args`` when it is the subcommand (option values skipped)."""
    operands = cmd.operands(_VALUE_OPTIONS)
    return operands[0] if operands and cmd.args[operands[0]] == "install" else None


def _install_end(cmd: Command) -> int:
    index = _subcommand(cmd)
    return cmd.program_span[1] if index is None else cmd.arg_spans[index][1]
