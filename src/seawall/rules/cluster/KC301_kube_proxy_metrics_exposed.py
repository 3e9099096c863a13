"""kube-proxy serves its metrics on every network interface.

## What it checks
`metricsBindAddress` of a `KubeProxyConfiguration` that is not a loopback address
(`0.0.0.0:10249`, `:10249`, a node IP). The default is `127.0.0.1:10249`.

## Why it matters
kube-proxy's metrics endpoint has no authentication; it also serves `/debug/pprof` when
`enableProfiling` is on. On every interface, any pod or outside host that reaches the node
can read it.

## Example
```yaml
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
```

## Fix
Remove the setting (default `127.0.0.1:10249`) and scrape through a node-local agent, or
restrict the port with host firewall rules if Prometheus must reach it directly.

## References
- https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
- CIS Kubernetes Benchmark 4.3.1
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import is_loopback
from seawall.model.resource import Resource

RULE = Rule(
    code="KC301",
    name="kube-proxy-metrics-exposed",
    severity=Severity.MEDIUM,
    category="security",
    summary="kube-proxy serves its metrics on every network interface",
    targets=("config",),
    equivalents=("CIS-4.3.1", "kube-bench:4.3.1"),
    references=("https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "KubeProxyConfiguration":
        return
    value = resource.body.get("metricsBindAddress")
    if value is None or is_loopback(str(value)):
        return
    yield resource.finding(
        RULE,
        f"kube-proxy metricsBindAddress {value} serves unauthenticated metrics beyond the node; "
        "use 127.0.0.1:10249 (the default)",
        "metricsBindAddress",
        at_value=True,
    )
