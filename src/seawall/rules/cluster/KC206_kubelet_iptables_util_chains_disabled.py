"""The kubelet does not manage its iptables utility chains.

## What it checks
`makeIPTablesUtilChains: false` in a `KubeletConfiguration`, and
`--make-iptables-util-chains=false` in kubeadm `kubeletExtraArgs`. The default is `true`.

## Why it matters
With the chains managed by the kubelet, the iptables rules the node's networking depends on
follow the pods the kubelet runs. Left to hand-written or third-party rules, they drift from the
pods and can open or break traffic without anyone noticing.

## Example
```yaml
kind: KubeletConfiguration
makeIPTablesUtilChains: false
```

## Fix
Remove the setting (the default is `true`) or set it to `true`.

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- CIS Kubernetes Benchmark 4.2.6
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import is_false, kubelet_settings
from seawall.model.located import Located

RULE = Rule(
    code="KC206",
    name="kubelet-iptables-util-chains-disabled",
    severity=Severity.LOW,
    category="security",
    summary="The kubelet does not manage its iptables utility chains",
    targets=("config",),
    equivalents=("CIS-4.2.6", "kube-bench:4.2.6"),
    references=("https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for setting in kubelet_settings(view, ("makeIPTablesUtilChains",), "make-iptables-util-chains"):
        if is_false(str(setting.value)):
            yield setting.finding(
                RULE,
                "the kubelet is told not to manage its iptables utility chains: the node's "
                "rules can drift from its pods; remove the setting or set it to true (CIS 4.2.6)",
            )
