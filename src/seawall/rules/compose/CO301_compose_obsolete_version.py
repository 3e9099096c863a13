"""A compose file sets the obsolete top-level `version`.

## What it checks
A top-level `version` key in any file of a compose project.

## Why it matters
The compose specification made `version` informative only: Docker Compose ignores it and warns
that it is obsolete. Readers still take `'3.8'` to mean the file-format 3.x rules (no
`mem_limit`, `deploy` for Swarm only), which no longer apply, and the warning on every run hides
the ones that matter.

## Example
```yaml
version: '3.8'
services:
  web:
    image: nginx:1.27
```

## Fix
Delete the `version` line; Compose always uses the current specification.

## References
- https://docs.docker.com/reference/compose-file/version-and-name/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeProject

RULE = Rule(
    code="CO301",
    name="compose-obsolete-version",
    severity=Severity.LOW,
    category="deprecation",
    summary="A compose file sets the obsolete top-level `version`",
    targets=("compose",),
    references=("https://docs.docker.com/reference/compose-file/version-and-name/",),
)


def check(project: ComposeProject, ctx: RuleContext) -> Iterator[Finding]:
    for file in project.files:
        if "version" in file.data:
            yield file.finding(
                RULE,
                f"`version: {file.data['version']}` is obsolete: Docker Compose ignores it and "
                "warns on every run; delete the line",
                "version",
            )
