"""A compose file `extends` or `include`s something that does not exist.

## What it checks
`extends` naming a service that is not defined (in the same file or in its `file:`), a file that
cannot be read, or a cycle of `extends`; `include` entries whose file cannot be read.

## Why it matters
`docker compose` stops with an error before starting anything. The scan could not see the
inherited settings either, so the service was checked without them.

## Example
```yaml
services:
  web:
    extends:
      file: common.yaml
      service: webapp
```

## Fix
Correct the file path (relative to the file that refers to it) or the service name.

## References
- https://docs.docker.com/reference/compose-file/extends/
- https://docs.docker.com/reference/compose-file/include/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "compose-reference"

RULE = Rule(
    code="IN018",
    name="compose-reference-missing",
    severity=Severity.HIGH,
    category="input",
    summary="A compose file `extends` or `include`s something that does not exist",
    targets=("input",),
    references=(
        "https://docs.docker.com/reference/compose-file/extends/",
        "https://docs.docker.com/reference/compose-file/include/",
    ),
)
