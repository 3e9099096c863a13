"""A compose value has an interpolation that Compose cannot read.

## What it checks
`${...}` expressions that are not one of the forms the compose specification defines
(`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
`${VAR+alt}`), such as shell pattern substitution `${VAR/a/b}`, and `${` never closed.

## Why it matters
`docker compose` rejects the file with "invalid interpolation format"; nothing in the project
starts. A literal `$` meant for the container's shell must be written `$$`.

## Example
```yaml
services:
  app:
    image: example/app:1.0
    command: sh -c 'echo ${HOME/root/admin}'
```

## Fix
Use one of the supported forms, or escape the dollar sign as `$$` so the container's shell
expands it.

## References
- https://docs.docker.com/reference/compose-file/interpolation/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "compose-interpolation"

RULE = Rule(
    code="IN017",
    name="compose-invalid-interpolation",
    severity=Severity.HIGH,
    category="input",
    summary="A compose value has an interpolation that Compose cannot read",
    targets=("input",),
    references=("https://docs.docker.com/reference/compose-file/interpolation/",),
)
