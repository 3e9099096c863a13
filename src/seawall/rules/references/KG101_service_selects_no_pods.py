"""A Service's selector matches no pod template in its namespace.

## What it checks
Every `v1` `Service` with a `spec.selector` is matched, with API semantics, against the pod
template labels of every workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
CronJob, Pod, ...) in the Service's namespace. A Service that selects none of them is reported.

To stay conservative the rule only judges a Service when the scan set holds at least one
workload in its namespace (a repository with only the Service cannot be judged), skips Services
without a selector (their Endpoints or EndpointSlices are managed by hand or by a controller)
and `ExternalName` Services, and skips selectors on labels only set at run time
(`statefulset.kubernetes.io/pod-name`, `pod-template-hash`, ...). Pods made by an operator from
a custom resource (a `Prometheus`, a `Kafka` cluster) have no template in the scan set: when
the namespace holds custom resources whose labels the selector matches, the Service is not
reported.

## Why it matters
A Service that selects nothing has no endpoints: every connection to it is refused or times
out, and an Ingress in front of it answers 503. The usual cause is a label renamed on one side
only (`app: web` against `app.kubernetes.io/name: web`).

## Example
```yaml
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}          # the Deployment's pods carry app: webapp
```

## Fix
Make the selector use labels the pod template carries, or fix the template's labels.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import unmatched_selector_finding

RULE = Rule(
    code="KG101",
    name="service-selects-no-pods",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A Service selector matches no pod template in its namespace",
    targets=("resource",),
    equivalents=("kube-linter:dangling-service", "kube-score:service-targets-pod"),
    references=("https://kubernetes.io/docs/concepts/services-networking/service/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service":
        return
    for edge in edges_from(ctx.graph, resource):
        if edge.kind != "selects":
            continue
        finding = unmatched_selector_finding(
            RULE,
            edge,
            ctx.graph,
            "it has no endpoints; use the labels of the pods it should reach",
        )
        if finding is not None:
            yield finding
