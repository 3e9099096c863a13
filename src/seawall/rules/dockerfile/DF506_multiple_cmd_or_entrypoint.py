"""A stage has more than one `CMD` or `ENTRYPOINT`; only the last one takes effect.

## What it checks
Build stages with several `CMD` instructions, or several `ENTRYPOINT` instructions. Each one
except the last is reported, at its keyword. `ONBUILD CMD` does not count.

## Why it matters
An image has one entrypoint and one default command: each `CMD` or `ENTRYPOINT` replaces the
previous one, and the earlier ones do nothing. Usually the author expected them to add up, for
example to start two processes (`CMD nginx` then `CMD php-fpm`), and the image silently starts
only the last one. At best the dead line misleads the next reader.

## Example
```dockerfile
FROM php:8.3-fpm
CMD ["php-fpm"]
CMD ["nginx", "-g", "daemon off;"]
```

## Fix
Keep one `CMD` (and one `ENTRYPOINT`). Run separate processes in separate containers (a pod
with two containers, or two compose services), or start them from one script with a small
init such as `tini` when they truly belong together.

## References
- https://docs.docker.com/reference/dockerfile/#cmd
- https://docs.docker.com/reference/dockerfile/#entrypoint
- https://github.com/hadolint/hadolint/wiki/DL4003
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF506",
    name="multiple-cmd-or-entrypoint",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A stage has more than one CMD or ENTRYPOINT; only the last one takes effect",
    targets=("dockerfile",),
    equivalents=("DL4003", "DL4004", "DS007", "DS016"),
    references=(
        "https://docs.docker.com/reference/dockerfile/#cmd",
        "https://docs.docker.com/reference/dockerfile/#entrypoint",
    ),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for stage in dockerfile.doc.stages:
        for keyword in ("CMD", "ENTRYPOINT"):
            found = [i for i in stage.instructions if i.keyword == keyword]
            if len(found) < 2:
                continue
            last = found[-1]
            for instr in found[:-1]:
                yield dockerfile.finding(
                    RULE,
                    f"this {keyword} has no effect: the {keyword} on line {last.line} replaces "
                    f"it (an image has one); remove it, and run separate processes in separate "
                    "containers",
                    instr.keyword_span,
                )
