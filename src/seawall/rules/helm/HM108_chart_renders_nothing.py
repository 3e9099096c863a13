"""A chart deploys no objects.

## What it checks
An application chart with no templates of its own (no `templates/` directory, or only helpers),
or whose default render produced no Kubernetes object.

## Why it matters
Installing it creates a release that deploys nothing of the application (at most its
dependencies): usually templates were left out of the repository or the package, or every
object is switched off by default.

## Example
A `microservice` chart with `Chart.yaml` and `values.yaml` but no `templates/`.

## Fix
Add the templates (`helm create` writes a starting set), or mark the chart `type: library` if it
only provides helpers.

## References
- https://helm.sh/docs/topics/charts/#the-chart-file-structure
- https://helm.sh/docs/topics/library_charts/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView

RULE = Rule(
    code="HM108",
    name="helm-chart-renders-nothing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A chart deploys no objects",
    targets=("helm-chart",),
    references=(
        "https://helm.sh/docs/topics/charts/#the-chart-file-structure",
        "https://helm.sh/docs/topics/library_charts/",
    ),
)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    meta = chart.chart_yaml
    if not isinstance(meta, dict) or str(meta.get("type", "application")) == "library":
        return
    templates = [t for t in chart.own_templates() if not t.path.name.startswith("_")]
    outputs = [t for t in templates if t.path.suffix in (".yaml", ".yml", ".json")]
    if not outputs:
        yield chart.chart_finding(
            RULE,
            f"{chart.label} has no templates, so installing it deploys none of the application "
            "(only its dependencies); add the templates (Deployment, Service, ...) or mark it "
            "`type: library`",
            "name",
        )
    elif chart.rendered and chart.objects == 0:
        yield chart.chart_finding(
            RULE,
            f"{chart.label} renders no Kubernetes object with its default values; check the "
            "conditions around its templates",
            "name",
        )
