"""The cluster is built on a Kubernetes release that is past its end of life.

## What it checks
The `kubernetesVersion` of a kubeadm `ClusterConfiguration`, judged on the day of the scan
against the Kubernetes project's end-of-life dates (each minor release is supported for about
fourteen months). Versions older than the table are end of life too.

## Why it matters
After its end of life a release gets no more patches: security fixes for the API server,
kubelet and the Go runtime they are built with stop. Upgrading later costs more, because every
skipped minor release must still be passed through one at a time, with its removed APIs.

## Example
```yaml
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: v1.28.2
```

## Fix
Plan the upgrade, one minor release at a time, to a supported release; fix what the
`KA101 removed-api` findings report for each step first.

## References
- https://kubernetes.io/releases/
- https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/

## Options
- `today` (date, default empty): the date to judge support on (YYYY-MM-DD); empty means the day
  of the scan.
"""

from collections.abc import Iterator

from seawall.core.dates import scan_date, today_option
from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.config import parse_version
from seawall.engine.context import RuleContext
from seawall.engine.errors import UsageError
from seawall.model.resource import Resource
from seawall.policy.kubernetes_releases import RELEASES, is_end_of_life, supported_on

RULE = Rule(
    code="KA102",
    name="kubernetes-version-end-of-life",
    severity=Severity.HIGH,
    category="api-lifecycle",
    summary="The cluster is built on a Kubernetes release past its end of life",
    targets=("config",),
    equivalents=("kubent", "trivy:k8s-outdated"),
    references=("https://kubernetes.io/releases/",),
    options=(today_option(),),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "ClusterConfiguration":
        return
    written = resource.body.get("kubernetesVersion")
    if written is None:
        return
    try:
        version = parse_version(str(written))
    except UsageError:
        return  # not a version number (e.g. "stable"): nothing to judge
    today = scan_date(str(ctx.option("today")))
    if not is_end_of_life(version, today):
        return
    release = RELEASES.get(version)
    when = f"on {release.end_of_life.isoformat()}" if release else "long ago"
    supported = supported_on(today)
    advice = (
        f"upgrade one minor release at a time to {supported[0].label} or later"
        if supported
        else "upgrade to a supported release"
    )
    yield resource.finding(
        RULE,
        f"Kubernetes {version[0]}.{version[1]} reached its end of life {when} and gets no more "
        f"security fixes; {advice}",
        "kubernetesVersion",
        at_value=True,
    )
