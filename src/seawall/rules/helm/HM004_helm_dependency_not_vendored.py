"""A chart dependency is declared but not vendored in charts/.

## What it checks
Each dependency in `Chart.yaml` has a chart in `charts/` (a directory or a `.tgz` archive), by
name or alias. seawall never downloads dependencies.

## Why it matters
`helm install` refuses a chart whose dependencies are missing; and the dependency's objects (a
bundled database, a cache) were not rendered, so none of their settings were checked.

## Example
`dependencies: [{name: postgresql, repository: https://charts.bitnami.com/bitnami}]` with an
empty `charts/`.

## Fix
Run `helm dependency build` (it also writes `Chart.lock`), commit or provide `charts/`, and scan
again.

## References
- https://helm.sh/docs/helm/helm_template/
- seawall Helm support (docs/helm.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "helm-dependency-missing"

RULE = Rule(
    code="HM004",
    name="helm-dependency-not-vendored",
    severity=Severity.MEDIUM,
    category="helm",
    summary="A chart dependency is declared but not vendored in charts/",
    targets=("input",),
)
