"""A container binds a port of the node (hostPort).

## What it checks
Every `ports[*].hostPort` of a container, init container or ephemeral container that is set to
anything but `0`, decided by the same check as Pod Security admission's Baseline `hostPorts`.
A pod with `hostNetwork: true` is KS102's finding; its ports are on the node anyway.

## Why it matters
A host port opens the pod on every address of the node it lands on, outside Services and, with
many CNI plugins, outside NetworkPolicies. It also pins scheduling: two pods with the same host
port never share a node, so a rollout or a second replica can stay Pending. The Pod Security
Standards' Baseline level forbids host ports.

## Example
```yaml
containers:
  - name: web
    image: registry.example.com/web:2.3.1
    ports:
      - containerPort: 8080
        hostPort: 8080
```

## Fix
Remove `hostPort` and expose the port through a Service (`ClusterIP`, or `NodePort` /
`LoadBalancer` when it must be reachable from outside). Node agents that really need a host
port belong in a dedicated namespace; suppress there with a reason.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- https://kubernetes.io/docs/concepts/configuration/overview/#services
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import node_at
from seawall.rules.kubernetes._pss import offences, owner

RULE = Rule(
    code="KS301",
    name="host-port",
    severity=Severity.MEDIUM,
    category="security",
    summary="A container binds a port of the node (hostPort)",
    targets=("pod-spec",),
    equivalents=("CKV_K8S_26", "KSV024", "polaris:hostPortSet"),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "hostPorts"):
        port = node_at(pod.root, offence.path)
        yield pod.finding_at(
            RULE,
            f"{owner(pod, offence.relative)} binds hostPort {port} on the node: it is reachable "
            "outside Services and NetworkPolicies, and no two such pods fit on one node; remove "
            "hostPort and expose the port with a Service",
            offence.path,
            at_value=True,
        )
