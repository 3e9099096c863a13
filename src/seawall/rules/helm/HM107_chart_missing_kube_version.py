"""A chart does not say which Kubernetes versions it supports.

## What it checks
`Chart.yaml` without a `kubeVersion` constraint (application charts; library charts render
nothing on their own and are left out).

## Why it matters
With `kubeVersion` set, Helm refuses to install the chart on a cluster it was not written for
(removed APIs, missing features) instead of failing halfway through the release; without it
nothing tells the user or Helm which clusters the chart was tested on.

## Example
```yaml
apiVersion: v2
name: api
version: 1.2.0
```

## Fix
Add the range the chart is tested against, e.g. `kubeVersion: ">=1.28.0-0"` (the `-0` lets
pre-release and provider builds such as `v1.29.3-eks-...` match).

## References
- https://helm.sh/docs/topics/charts/#the-kubeversion-field
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.kube_version import written_kube_version
from seawall.helm.view import ChartView

RULE = Rule(
    code="HM107",
    name="helm-chart-missing-kube-version",
    severity=Severity.LOW,
    category="reliability",
    summary="A chart does not say which Kubernetes versions it supports",
    targets=("helm-chart",),
    references=("https://helm.sh/docs/topics/charts/#the-kubeversion-field",),
)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    meta = chart.chart_yaml
    if not isinstance(meta, dict) or str(meta.get("type", "application")) == "library":
        return
    if written_kube_version(meta) is not None:
        return
    yield chart.chart_finding(
        RULE,
        f"{chart.label} has no `kubeVersion` constraint, so Helm installs it on any cluster; add "
        'the tested range, e.g. `kubeVersion: ">=1.28.0-0"`',
        "name",
    )
