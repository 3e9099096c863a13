"""A pod shares the node's network, process or IPC namespace.

## What it checks
Pods (and pod templates of every workload kind) that set `hostNetwork`, `hostPID` or `hostIPC`
to `true`. Each field set is reported on its own line.

## Why it matters
- `hostNetwork` puts the pod on the node's network stack: it can bind node ports, reach
  services listening on localhost (the kubelet, cloud metadata proxies) and sniff traffic,
  and NetworkPolicies no longer apply to it.
- `hostPID` shows every process on the node; with enough privilege the pod can read their
  memory and environment (secrets included) or signal them.
- `hostIPC` shares the node's System V IPC and POSIX shared memory with every other process.

The Pod Security Standards' Baseline level forbids all three.

## Example
```yaml
spec:
  hostNetwork: true
  containers:
    - name: app
      image: registry.example.com/app:1.4.2
```

## Fix
Remove the field (the default is `false`). Expose ports with a Service instead of the host
network; use a sidecar or the Downward API instead of the host process table.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- CIS Kubernetes Benchmark 5.2.3, 5.2.4, 5.2.5
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS102",
    name="host-namespace",
    severity=Severity.HIGH,
    category="security",
    summary="A pod shares the node's network, process or IPC namespace",
    targets=("pod-spec",),
    fixable=True,
    equivalents=(
        "CKV_K8S_17",
        "CKV_K8S_18",
        "CKV_K8S_19",
        "KSV008",
        "KSV009",
        "KSV010",
        "kube-linter:host-network",
        "kube-linter:host-pid",
        "kube-linter:host-ipc",
        "polaris:hostNetworkSet",
        "polaris:hostPIDSet",
        "polaris:hostIPCSet",
        "kubesec:HostNetwork",
        "kubesec:HostPID",
        "kubesec:HostIPC",
        "CIS-5.2.3",
        "CIS-5.2.4",
        "CIS-5.2.5",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)

_EFFECT = {
    "hostNetwork": "it uses the node's network stack, bypasses NetworkPolicies and can reach "
    "services bound to the node's localhost",
    "hostPID": "it sees every process on the node and, with privileges, their memory",
    "hostIPC": "it shares the node's IPC namespace and shared memory",
}


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for field, effect in _EFFECT.items():
        if pod.spec.get(field) is True:
            path = (*pod.path, field)
            yield pod.finding_at(
                RULE,
                f"`{field}: true`: {effect}; remove it",
                path,
                fix=replace_value(pod, path, "false", f"set {field}: false"),
            )
