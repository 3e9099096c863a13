"""A chart still uses `apiVersion: v1` (Helm 2).

## What it checks
`Chart.yaml` with `apiVersion: v1`, the Helm 2 chart format.

## Why it matters
v1 charts keep dependencies in a separate `requirements.yaml`, cannot declare a chart `type`
(library charts) and miss the fields Helm 3 added; Helm 2 itself has been unsupported since
November 2020, so a v1 chart is a sign the chart has not been maintained since.

## Example
```yaml
apiVersion: v1
name: api
version: 1.2.0
```

## Fix
Set `apiVersion: v2`, move `requirements.yaml` into `dependencies:` of `Chart.yaml`, and check the
chart with `helm lint`.

## References
- https://helm.sh/docs/topics/charts/#the-apiversion-field
- https://helm.sh/docs/topics/v2_v3_migration/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView

RULE = Rule(
    code="HM105",
    name="helm-chart-api-v1",
    severity=Severity.LOW,
    category="maintenance",
    summary="A chart still uses `apiVersion: v1` (Helm 2)",
    targets=("helm-chart",),
    references=(
        "https://helm.sh/docs/topics/charts/#the-apiversion-field",
        "https://helm.sh/docs/topics/v2_v3_migration/",
    ),
)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    meta = chart.chart_yaml
    if isinstance(meta, dict) and str(meta.get("apiVersion", "")).strip() == "v1":
        yield chart.chart_finding(
            RULE,
            f"{chart.label} uses `apiVersion: v1`, the Helm 2 chart format; move to `apiVersion: "
            "v2` (dependencies go into Chart.yaml)",
            "apiVersion",
            at_value=True,
        )
