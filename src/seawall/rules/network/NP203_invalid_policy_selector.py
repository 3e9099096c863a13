"""A NetworkPolicy has a label selector the API server rejects.

## What it checks
Every label selector of a Kubernetes `NetworkPolicy` (`spec.podSelector`, and the
`podSelector` and `namespaceSelector` of every `from` and `to` peer) is validated as the API
server validates a `LabelSelector`: `matchLabels` must be a mapping, each `matchExpressions`
item needs a `key` and an operator among `In`, `NotIn`, `Exists` and `DoesNotExist`; `In` and
`NotIn` need at least one value, `Exists` and `DoesNotExist` take none. The finding points at
the offending field.

## Why it matters
The API server refuses the whole policy, so `kubectl apply` fails or, worse, a GitOps tool
keeps retrying while the namespace runs without the protection the policy was meant to give.
In seawall's own reachability analysis the broken selector matches nothing.

## Example
```yaml
spec:
  podSelector:
    matchExpressions:
      - {key: app, operator: Equals, values: [api]}   # not an operator
```

## Fix
Use one of the four operators (`In` with the values, here), give `In`/`NotIn` their values and
remove `values` from `Exists`/`DoesNotExist`.

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
- https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.netpol import is_network_policy
from seawall.model.netpol_scan import scan_network
from seawall.model.resource import Resource

RULE = Rule(
    code="NP203",
    name="invalid-network-policy-selector",
    severity=Severity.HIGH,
    category="network",
    summary="A NetworkPolicy label selector is invalid and the API server rejects the policy",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    policy = scan_network(ctx.graph).policy_for(resource)
    if policy is None:
        return
    for problem in policy.problems:
        if problem.is_selector:
            yield resource.finding_at(
                RULE,
                f"invalid label selector: {problem.message}; the API server rejects "
                f"{policy.describe()}, and until it is fixed the selector matches nothing",
                problem.path,
            )
