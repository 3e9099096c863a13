"""A mapping defines the same key twice.

## What it checks
A key that appears twice in one mapping. Reported at the second occurrence, naming the line of
the first.

## Why it matters
YAML forbids duplicate keys, yet most parsers silently keep the last value: a reviewer reads the
first `image:` while the cluster runs the second. Strict decoders such as `kubectl` in strict
field validation reject the object instead.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
    image: nginx:latest   # this one wins
```

## Fix
Delete one of the two keys, keeping the value you mean.

## References
- https://yaml.org/spec/1.2.2/#nodes
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "duplicate-key"

RULE = Rule(
    code="IN004",
    name="duplicate-key",
    severity=Severity.MEDIUM,
    category="input",
    summary="A mapping defines the same key twice",
    targets=("input",),
    references=("https://yaml.org/spec/1.2.2/#nodes",),
)
