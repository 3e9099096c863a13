"""A Helm chart fails to render.

## What it checks
Rendering the chart (with `values.yaml`, `--values` files and `--set` values) fails: a
`required` value is empty, a template calls `fail`, a template has a syntax error or calls a
missing function. The finding is at the template file and line Helm names.

## Why it matters
`helm install` fails the same way, so the release cannot be deployed with these values; and
nothing in the chart could be checked.

## Example
`password: {{ required "db.password is required" .Values.db.password }}` with `db.password`
empty in values.yaml.

## Fix
Set the value (in values.yaml, a `--values` file or `--set`), or fix the template at the
reported line.

## References
- https://helm.sh/docs/helm/helm_template/
- seawall Helm support (docs/helm.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "helm-template-error"

RULE = Rule(
    code="HM002",
    name="helm-template-error",
    severity=Severity.HIGH,
    category="helm",
    summary="A Helm chart fails to render",
    targets=("input",),
)
