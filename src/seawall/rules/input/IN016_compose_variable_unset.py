"""A compose file requires a variable that is not set.

## What it checks
`${VAR:?message}` (unset or empty) and `${VAR?message}` (unset) interpolations whose variable
has no value in the scan's environment: the `.env` file beside the compose file, the
`--env-file` files, and the process environment only with `--compose-env`. Reported at the
expression inside the value, with its message.

## Why it matters
`docker compose` refuses to start the whole project when a required variable is missing. A
deployment that relies on a variable nobody sets fails at the worst moment; the scan shows it
before.

## Example
```yaml
services:
  app:
    image: example/app:${RELEASE:?set RELEASE to the version to deploy}
```

## Fix
Set the variable in the `.env` file or the deployment's environment (and scan with
`--env-file` or `--compose-env` to show seawall the same values), or give it a default with
`${VAR:-value}`.

## References
- https://docs.docker.com/reference/compose-file/interpolation/
- https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "compose-variable-unset"

RULE = Rule(
    code="IN016",
    name="compose-variable-unset",
    severity=Severity.HIGH,
    category="input",
    summary="A compose file requires a variable that is not set",
    targets=("input",),
    references=("https://docs.docker.com/reference/compose-file/interpolation/",),
)
