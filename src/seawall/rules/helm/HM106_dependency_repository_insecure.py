"""A chart dependency comes from plain HTTP or from a retired repository.

## What it checks
`repository` of each dependency in `Chart.yaml`: an `http://` URL, or one of the retired
repositories of the old `helm/charts` project (`kubernetes-charts.storage.googleapis.com`,
`kubernetes-charts-incubator.storage.googleapis.com`, and their read-only archive at
`charts.helm.sh/stable` and `charts.helm.sh/incubator`).

## Why it matters
Over plain HTTP anyone on the path can swap the chart archive `helm dependency build` downloads;
the stable and incubator repositories stopped receiving updates in November 2020, so charts
from them carry years of unpatched images and settings.

## Example
```yaml
dependencies:
  - name: redis
    version: 10.5.7
    repository: https://kubernetes-charts.storage.googleapis.com
```

## Fix
Use the chart's maintained repository (often an OCI registry, `oci://...`) over HTTPS, and pin the
version; `Chart.lock` then records its digest.

## References
- https://helm.sh/blog/new-location-stable-incubator-charts/
- https://helm.sh/docs/topics/charts/#chart-dependencies
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView

RULE = Rule(
    code="HM106",
    name="helm-dependency-repository-insecure",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A chart dependency comes from plain HTTP or from a retired repository",
    targets=("helm-chart",),
    references=(
        "https://helm.sh/blog/new-location-stable-incubator-charts/",
        "https://helm.sh/docs/topics/charts/#chart-dependencies",
    ),
)

_RETIRED = (
    "kubernetes-charts.storage.googleapis.com",
    "kubernetes-charts-incubator.storage.googleapis.com",
    "charts.helm.sh/stable",
    "charts.helm.sh/incubator",
)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    for index, dependency in enumerate(chart.tree.declared_dependencies()):
        repository = dependency.get("repository")
        if not isinstance(repository, str):
            continue
        url = repository.strip()
        name = dependency.get("name", "?")
        if url.lower().startswith("http://"):
            reason = "is fetched over plain HTTP, so the archive can be swapped in transit"
        elif any(host in url.lower() for host in _RETIRED):
            reason = "comes from the retired stable/incubator repository (no updates since 2020)"
        else:
            continue
        yield chart.chart_finding(
            RULE,
            f"dependency {name} of {chart.label} {reason}; use the chart's maintained repository "
            "over HTTPS or OCI",
            "dependencies",
            index,
            "repository",
            at_value=True,
        )
