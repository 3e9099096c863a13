"""A chart's `kubeVersion` range leaves out the target Kubernetes version, or cannot be read.

## What it checks
The `kubeVersion` of `Chart.yaml`, read as Helm reads it (the Masterminds semver range syntax:
comparators, `~`, `^`, `x` wildcards, hyphen ranges, `||`), against the scan's target
Kubernetes version: reported when no patch release of that version is in the range, or when
the range cannot be read at all.

## Why it matters
Helm checks the range before it renders anything: `helm install` and `helm upgrade` stop with
"chart requires kubeVersion: ... which is incompatible with Kubernetes ...", and an unreadable
range fails that check on every cluster. The release never reaches the cluster, often in the
middle of a pipeline that already changed other charts.

## Example
```yaml
apiVersion: v2
name: api
version: 2.0.0
kubeVersion: ">=1.20.0-0 <1.30.0-0"   # the cluster runs 1.33
```

## Fix
If the chart was tested on the target version, widen the range; otherwise keep the older chart
version until the chart supports the cluster, or upgrade the cluster first.

## References
- https://helm.sh/docs/topics/charts/#the-kubeversion-field
- https://github.com/Masterminds/semver#checking-version-constraints
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.kube_version import (
    ConstraintError,
    minor_allowed,
    parse_constraint,
    written_kube_version,
)
from seawall.helm.view import ChartView

RULE = Rule(
    code="HM109",
    name="helm-kube-version-excludes-target",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A chart's kubeVersion range leaves out the target Kubernetes version",
    targets=("helm-chart",),
    references=("https://helm.sh/docs/topics/charts/#the-kubeversion-field",),
)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    written = written_kube_version(chart.chart_yaml)
    if written is None:
        return  # HM107
    try:
        constraint = parse_constraint(written)
    except ConstraintError as error:
        yield chart.chart_finding(
            RULE,
            f"{chart.label}: `kubeVersion: {written}` is not a version range Helm can read "
            f"({error}), so Helm finds every cluster incompatible and refuses to install it",
            "kubeVersion",
            at_value=True,
        )
        return
    target = ctx.settings.kubernetes_version
    if target is None or minor_allowed(constraint, target):
        return
    yield chart.chart_finding(
        RULE,
        f"{chart.label}: `kubeVersion: {written}` leaves out Kubernetes {target[0]}.{target[1]}, "
        "the target version: `helm install` and `helm upgrade` stop before rendering; widen the "
        "range if the chart works there, or keep a chart version that supports the cluster",
        "kubeVersion",
        at_value=True,
    )
