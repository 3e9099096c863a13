"""A Calico NetworkPolicy sits in a namespace that holds no workloads.

## What it checks
A namespaced Calico `NetworkPolicy` whose namespace (`default` when none is written) has no
Pod or pod template in the scan, while the scan does hold workloads in other namespaces. The
finding names those namespaces, since a policy written for one of them and applied to the wrong
one is the usual cause. A scan with no workloads at all reports nothing.

## Why it matters
A Calico `NetworkPolicy` only applies to endpoints of its own namespace. Applied to a namespace
without workloads it protects nothing, while the workloads it was written for stay open; this
happens easily when `metadata.namespace` is left out and the objects land in `default`.

## Example
```yaml
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: default-deny       # no namespace: lands in default, the apps run in shop
spec:
  selector: all()
  types: [Ingress, Egress]
```

## Fix
Set `metadata.namespace` to the namespace of the workloads, repeat the policy per namespace, or
use a `GlobalNetworkPolicy` with a `namespaceSelector`.

## References
- https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
- https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import is_calico, namespace_of, pod_label_sets
from seawall.model.resource import Resource

RULE = Rule(
    code="CN203",
    name="policy-in-empty-namespace",
    severity=Severity.INFO,
    category="correctness",
    summary="A Calico NetworkPolicy sits in a namespace that holds no workloads",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/reference/resources/networkpolicy",),
)

MAX_LISTED = 5


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "NetworkPolicy" or not is_calico(resource):
        return
    namespaces = pod_label_sets(ctx.graph).keys()
    namespace = namespace_of(resource)
    if not namespaces or namespace in namespaces:
        return
    listed = sorted(namespaces)
    shown = ", ".join(listed[:MAX_LISTED]) + (", ..." if len(listed) > MAX_LISTED else "")
    where = ("metadata", "namespace") if resource.namespace else ("metadata", "name")
    yield resource.finding(
        RULE,
        f"namespace {namespace} holds no workloads in this scan (workloads run in {shown}): "
        "a Calico NetworkPolicy applies only to its own namespace; check metadata.namespace",
        *where,
        at_value=True,
    )
