"""The controller manager or scheduler serves on every network interface.

## What it checks
The `--bind-address` of kube-controller-manager and kube-scheduler, from a kubeadm
`ClusterConfiguration` (`controllerManager.extraArgs`, `scheduler.extraArgs`, v1beta3 map or
v1beta4 list) or a static pod manifest's command: reported when it is not a loopback address
(`0.0.0.0`, `::`, or a routable IP). kubeadm's default is `127.0.0.1`.

## Why it matters
These components serve `/metrics`, `/healthz` and, unless profiling is off, `/debug/pprof` on
their secure port. Bound to all interfaces, anything that can reach the node can probe them;
a pprof endpoint reached this way helps denial-of-service and information gathering.

## Example
```yaml
controllerManager:
  extraArgs:
    bind-address: 0.0.0.0
```

## Fix
Remove the flag (kubeadm then uses `127.0.0.1`) or set it to `127.0.0.1`. Scrape metrics
through a local agent or an authenticated proxy instead.

## References
- https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
- CIS Kubernetes Benchmark 1.3.7, 1.4.2
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import CONTROLLER_MANAGER, SCHEDULER, component_args, is_loopback
from seawall.model.located import Located

RULE = Rule(
    code="KC101",
    name="control-plane-bind-all-interfaces",
    severity=Severity.MEDIUM,
    category="security",
    summary="The controller manager or scheduler serves on every network interface",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.3.7",
        "CIS-1.4.2",
        "kube-bench:1.3.7",
        "kube-bench:1.4.2",
        "CKV_K8S_113",
        "CKV_K8S_115",
    ),
    references=("https://www.cisecurity.org/benchmark/kubernetes",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component not in (CONTROLLER_MANAGER, SCHEDULER):
            continue
        flag = args.get("bind-address")
        if flag is None or is_loopback(flag.value):
            continue
        yield args.finding(
            RULE,
            f"{args.component} --bind-address={flag.value} serves metrics, health and profiling "
            "endpoints on every interface; use 127.0.0.1 (the kubeadm default)",
            flag,
            at_value=True,
        )
