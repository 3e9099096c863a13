"""A workload or Service lacks the recommended `app.kubernetes.io/*` labels.

## What it checks
Workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets, Pods) and
Services whose `metadata.labels` lack any of the labels named in the `labels` option (or have
them empty). The rule is off by default (`labels` is empty); a team that adopts the
recommended labels sets, for example, `app.kubernetes.io/name` and `app.kubernetes.io/instance`,
the two that identify an application and its installation. Info severity.

## Why it matters
The recommended labels are what dashboards, `kubectl`, cost reports, Helm, Argo CD and
service meshes use to group objects into applications. Without them, answering "what belongs
to this app, and which installation is it" takes guessing from names, and selectors built on
ad-hoc labels drift between objects.

## Example
```yaml
kind: Deployment
metadata:
  name: api
  labels: {app: api}
```

## Fix
```yaml
metadata:
  labels:
    app.kubernetes.io/name: api
    app.kubernetes.io/instance: api-prod
    app.kubernetes.io/part-of: shop
```

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/

## Options
- `labels` (list, default empty: the rule is off): the labels every workload and Service must
  carry, e.g. `[app.kubernetes.io/name, app.kubernetes.io/instance]`.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KM103",
    name="recommended-labels",
    severity=Severity.INFO,
    category="tenancy",
    summary="A workload or Service lacks the recommended app.kubernetes.io labels",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
    ),
    options=(
        Option(
            "labels",
            [],
            "the labels every workload and Service must carry",
        ),
    ),
)

_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod", "Service"}
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in _KINDS or resource.is_config:
        return
    wanted = [str(label) for label in ctx.options.get("labels", [])]
    missing = [label for label in wanted if not resource.labels.get(label)]
    if not missing:
        return
    yield resource.finding(
        RULE,
        f'{resource.kind} "{resource.name or "<unnamed>"}" has no {", ".join(missing)} '
        f"label{'s' if len(missing) > 1 else ''}: tools cannot tell which application and "
        "installation it belongs to; add the recommended app.kubernetes.io labels",
        "metadata",
        "labels",
    )
