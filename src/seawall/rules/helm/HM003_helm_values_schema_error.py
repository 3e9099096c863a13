"""Chart values break the chart's values.schema.json.

## What it checks
The values a chart is rendered with (defaults, `--values` files, `--set`) against the chart's
`values.schema.json`, as Helm validates them; each violation is reported at the values key that
set it.

## Why it matters
Helm refuses to render, install or upgrade when values break the schema; the schema is the chart
author's contract for what is safe to pass.

## Example
`replicaCount: 0` when the schema says `minimum: 1`.

## Fix
Change the value to fit the schema (or fix the schema if it is wrong).

## References
- https://helm.sh/docs/helm/helm_template/
- seawall Helm support (docs/helm.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "helm-values-invalid"

RULE = Rule(
    code="HM003",
    name="helm-values-schema-error",
    severity=Severity.HIGH,
    category="helm",
    summary="Chart values break the chart's values.schema.json",
    targets=("input",),
)
