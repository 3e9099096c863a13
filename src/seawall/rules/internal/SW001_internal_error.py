"""A rule failed on one document; the scan went on without it.

## What it checks
Nothing in your files: it reports that a seawall rule raised an exception while checking one
object or document. The message names the rule and the error.

## Why it matters
The failing rule's verdict on that object is missing, so the object was not fully checked. The
rest of the scan is complete.

## Example
```
apps/web.yaml:3:1: SW001 rule KS101 failed on Deployment web: TypeError: ...
```

## Fix
Please report it with the file that triggers it. Meanwhile, `--ignore` the failing rule or add
`seawall.dev/ignore` to the object if the gap is acceptable.

## References
- https://github.com/seawall-dev/seawall/issues
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

RULE = Rule(
    code="SW001",
    name="internal-error",
    severity=Severity.HIGH,
    category="internal",
    summary="A rule failed on one document; the scan went on without it",
    targets=("engine",),
)
