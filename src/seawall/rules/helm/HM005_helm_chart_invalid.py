"""A Helm chart cannot be loaded.

## What it checks
The chart (directory or `.tgz`) is not a chart Helm can load: a broken `Chart.yaml`, an
unreadable archive, an unsupported option.

## Why it matters
Helm cannot package or install it, and nothing in it could be checked.

## Example
A `.tgz` without a `Chart.yaml` at its top directory.

## Fix
Fix `Chart.yaml` (`apiVersion`, `name`, `version` are required) or repackage the chart with
`helm package`.

## References
- https://helm.sh/docs/helm/helm_template/
- seawall Helm support (docs/helm.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "helm-chart-invalid"

RULE = Rule(
    code="HM005",
    name="helm-chart-invalid",
    severity=Severity.HIGH,
    category="helm",
    summary="A Helm chart cannot be loaded",
    targets=("input",),
)
