"""A control-plane component leaves profiling enabled.

## What it checks
kube-apiserver, kube-controller-manager and kube-scheduler, as configured by a kubeadm
`ClusterConfiguration` (each component section that is written) or a static pod manifest:
reported unless `--profiling=false` is set. Profiling is on by default.

## Why it matters
The `/debug/pprof` endpoints reveal internals of the process and can be used to make it spend
CPU on profiles; CIS asks for profiling to be off on every control-plane component unless a
performance investigation is under way.

## Example
```yaml
scheduler:
  extraArgs:
    bind-address: 127.0.0.1       # profiling not set: enabled
```

## Fix
Add `profiling: "false"` to the component's `extraArgs` (v1beta4: `- name: profiling` /
`value: "false"`), or `--profiling=false` to the static pod command.

## References
- https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
- CIS Kubernetes Benchmark 1.2.15, 1.3.2, 1.4.1
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, CONTROLLER_MANAGER, SCHEDULER, component_args, is_false
from seawall.model.located import Located

RULE = Rule(
    code="KC102",
    name="profiling-enabled",
    severity=Severity.LOW,
    category="security",
    summary="A control-plane component leaves profiling enabled",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.15",
        "CIS-1.3.2",
        "CIS-1.4.1",
        "kube-bench:1.2.15",
        "kube-bench:1.3.2",
        "kube-bench:1.4.1",
        "CKV_K8S_90",
        "CKV_K8S_107",
        "CKV_K8S_114",
    ),
    references=("https://www.cisecurity.org/benchmark/kubernetes",),
)

_CHECKED = (APISERVER, CONTROLLER_MANAGER, SCHEDULER)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component not in _CHECKED:
            continue
        flag = args.get("profiling")
        if flag is not None and is_false(flag.value):
            continue
        where = "is not set to false" if flag is None else f"is {flag.value}"
        yield args.finding(
            RULE,
            f"{args.component} --profiling {where}: its /debug/pprof endpoints are served; "
            f"set profiling to false in {args.where}",
            flag,
            at_value=flag is not None,
        )
