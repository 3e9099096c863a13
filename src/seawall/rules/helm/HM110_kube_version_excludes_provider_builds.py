"""A chart's `kubeVersion` range refuses managed clusters that report a suffixed version.

## What it checks
A `kubeVersion` range that contains the target Kubernetes version but has no pre-release part
in any comparator of the alternative that admits it: Helm's semver library then rejects every
version with a pre-release part, which is how EKS (`v1.33.4-eks-a1b2c3d`) and GKE
(`v1.33.4-gke.1036000`) report theirs. Ranges made only of wildcards are left out.

## Why it matters
The chart installs on kind and on a vanilla cluster, then fails on the managed production
cluster with "chart requires kubeVersion: >= 1.19 which is incompatible with Kubernetes
v1.33.4-eks-a1b2c3d", although 1.33 is plainly in range.

## Example
```yaml
apiVersion: v2
name: api
version: 2.0.0
kubeVersion: ">= 1.19"
```

## Fix
Add `-0` to the lower bound, which lets pre-release versions through: `kubeVersion: ">=
1.19.0-0"`.

## References
- https://helm.sh/docs/topics/charts/#the-kubeversion-field
- https://github.com/Masterminds/semver#working-with-prerelease-versions
- https://github.com/helm/helm/issues/10375
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
    code="HM110",
    name="helm-kube-version-refuses-provider-builds",
    severity=Severity.LOW,
    category="reliability",
    summary="A chart's kubeVersion range refuses clusters that report a suffixed version",
    targets=("helm-chart",),
    references=("https://github.com/helm/helm/issues/10375",),
)

# what a managed cluster's version looks like to semver: a pre-release part
_PROVIDER_BUILD = ("eks-a1b2c3d",)


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    written = written_kube_version(chart.chart_yaml)
    target = ctx.settings.kubernetes_version
    if written is None or target is None or not any(c.isdigit() for c in written):
        return
    try:
        constraint = parse_constraint(written)
    except ConstraintError:
        return  # HM109
    if not minor_allowed(constraint, target) or minor_allowed(constraint, target, _PROVIDER_BUILD):
        return
    version = f"{target[0]}.{target[1]}"
    yield chart.chart_finding(
        RULE,
        f"{chart.label}: `kubeVersion: {written}` has no pre-release part, so Helm refuses "
        f"clusters that report a suffixed version such as EKS `v{version}.4-eks-a1b2c3d` or GKE "
        f"`v{version}.4-gke.1036000`, although {version} is in range; add `-0` to the lower bound "
        '(e.g. `">=1.19.0-0"`)',
        "kubeVersion",
        at_value=True,
    )
