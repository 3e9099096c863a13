"""The controller manager's threshold for garbage-collecting finished pods is off or unset.

## What it checks
`--terminated-pod-gc-threshold` of kube-controller-manager, from a kubeadm `ClusterConfiguration`
(`controllerManager.extraArgs`, v1beta3 map or v1beta4 list) or a static pod manifest: a value
of 0 or less is reported (low), one that is not a number too (high: the component does not
start); a component section or static pod
that does not set it is reported as info, since the default of 12500 suits only large clusters.

## Why it matters
Finished pods (Succeeded or Failed, from Jobs and evictions) stay in etcd until the controller
manager deletes them, and only once their number passes the threshold. With the default, a small
cluster keeps up to 12500 dead pods: every list of pods, every controller resync and etcd itself
carry them. A threshold of 0 or less turns the collection off.

## Example
```yaml
controllerManager:
  extraArgs:
    terminated-pod-gc-threshold: "0"
```

## Fix
Set a threshold fitting the cluster's size, for example `terminated-pod-gc-threshold: "1000"`,
and give Jobs a `ttlSecondsAfterFinished`.

## References
- https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
- https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-garbage-collection
- CIS Kubernetes Benchmark 1.3.1
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import CONTROLLER_MANAGER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC114",
    name="terminated-pod-gc-threshold",
    severity=Severity.LOW,
    category="reliability",
    summary="The controller manager's threshold for deleting finished pods is off or unset",
    targets=("config", "pod-spec"),
    equivalents=("CIS-1.3.1", "kube-bench:1.3.1", "CKV_K8S_106"),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-garbage-collection",
    ),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != CONTROLLER_MANAGER:
            continue
        flag = args.get("terminated-pod-gc-threshold")
        if flag is None:
            yield replace(
                args.finding(
                    RULE,
                    "kube-controller-manager --terminated-pod-gc-threshold is not set: up to "
                    "12500 finished pods stay in etcd before any is deleted; set a threshold "
                    f"fitting the cluster in {args.where} (CIS 1.3.1)",
                    None,
                ),
                severity=Severity.INFO,
            )
            continue
        number = _number(flag.value)
        if number is None or number <= 0:
            what = (
                "turns the collection of finished pods off"
                if number is not None
                else "is not a number: the controller manager exits with a flag parse error"
            )
            finding = args.finding(
                RULE,
                f"kube-controller-manager --terminated-pod-gc-threshold={flag.value} {what}; "
                "set a positive threshold such as 1000 (CIS 1.3.1)",
                flag,
                at_value=True,
            )
            yield finding if number is not None else replace(finding, severity=Severity.HIGH)


def _number(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None
