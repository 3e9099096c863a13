"""A ConstraintTemplate reads a kind from `data.inventory` that Gatekeeper is not set to sync.

## What it checks
When the scan holds Gatekeeper's sync configuration (the `Config` named `config` with
`spec.sync.syncOnly`, or `SyncSet` objects with `spec.gvks`), each read of `data.inventory` in a
template's Rego that names its kind (`data.inventory.namespace[ns][gv]["Ingress"]`,
`data.inventory.cluster["v1"].Namespace`) is compared with the synced group and kind. A read of
a kind that no sync entry lists is reported at the read. Without a sync configuration in the
scan nothing is reported: it may live elsewhere.

## Why it matters
Gatekeeper fills `data.inventory` only with the kinds it is told to sync. A referential policy
(unique Ingress hosts, a namespace that must carry a label) that reads a kind nobody syncs sees
nothing in the cluster, so it never denies anything: the constraint looks enforced and is not.
seawall evaluates constraints with the same narrowed inventory, so GK001 finds no violation of
such a policy either.

## Example
```yaml
apiVersion: config.gatekeeper.sh/v1alpha1
kind: Config
metadata: {name: config, namespace: gatekeeper-system}
spec:
  sync:
    syncOnly:
      - {group: "", version: v1, kind: Namespace}
# a template reading data.inventory.namespace[ns][_]["Ingress"] sees no Ingress
```

## Fix
Add the kind to `spec.sync.syncOnly` of the `config` Config, or to a `SyncSet`:
`{group: networking.k8s.io, version: v1, kind: Ingress}`.

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/sync
- https://open-policy-agent.github.io/gatekeeper/website/docs/howto#input-review
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import template_of
from seawall.model.resource import Resource
from seawall.policy.gatekeeper_eval import inventory_reads
from seawall.rules.gatekeeper._shared import rego_span, synced

RULE = Rule(
    code="GK106",
    name="inventory-kind-not-synced",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A ConstraintTemplate reads a kind from data.inventory that Gatekeeper does not sync",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/sync",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    template = template_of(resource)
    if template is None or template.rego is None:
        return
    sync = synced(ctx.graph)
    if sync is None:
        return
    kinds = {kind for _, kind in sync.kinds}
    where = ", ".join(sorted(f"{s.kind} {s.name}" for s in sync.sources))
    rego = template.rego
    reported: set[str] = set()
    for text, path in ((rego.rego, rego.path), *rego.libs):
        for offset, kind in inventory_reads(text):
            if kind in kinds or kind in reported:
                continue
            reported.add(kind)
            finding = resource.finding(
                RULE,
                f"template {template.name} reads {kind} objects from data.inventory, but the "
                f"sync configuration ({where}) does not replicate {kind}: in the cluster the "
                f"policy sees none and never fires; add {kind} to spec.sync.syncOnly",
                *path,
                at_value=True,
            )
            span = rego_span(resource, path, text, offset)
            yield finding if span is None else replace(finding, span=span)
