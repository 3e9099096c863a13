"""A ConfigMap, Secret or key that a workload or Ingress refers to does not exist.

## What it checks
Every reference of a pod or pod template to a `ConfigMap` or `Secret`: environment variables
(`env[].valueFrom.configMapKeyRef`/`secretKeyRef`, with their `key`), `envFrom`, `configMap`
and `secret` volumes and `projected` volume sources (with their `items[].key`) and
`imagePullSecrets`; and the TLS `secretName` of every `Ingress`. References marked
`optional: true` are skipped, and so are TLS Secrets of an Ingress that cert-manager manages
(`cert-manager.io/cluster-issuer`, `cert-manager.io/issuer` or `kubernetes.io/tls-acme`
annotations).

A Secret made by another object of the scan set counts as present: a `SealedSecret`, an
`ExternalSecret` (`spec.target.name`), a cert-manager `Certificate` (`spec.secretName`) or a
kustomize `secretGenerator`/`configMapGenerator`. The `kube-root-ca.crt` ConfigMap exists in
every namespace.

External objects: a missing object is reported at this rule's severity (`medium`) when the scan
set holds other objects of its namespace; otherwise it may be created outside the repository
(by a vault operator, a CI job, `kubectl create secret`), and the finding is `low` and says so.
Declare such objects in the configuration and they are not reported:

```yaml
# .seawall.yaml
external:
  - Secret/prod/db-credentials
  - Secret/*/registry-pull        # every namespace
```

"Other objects of its namespace" means, precisely: objects besides the referring one with that
namespace written, when either end writes it; objects of the referrer's folder when neither
does (objects without a namespace land wherever they are applied, so in a repository of many
applications only their folder tells); never in `kube-system`, `kube-public` and
`kube-node-lease`, which the cluster populates; and not when a custom resource of the namespace
may make the object (its name starts the object's name, as an operator's resources do). A
target written without a namespace, or referred to by an object without one, matches an object
of that name in any namespace.

When the object is present, a `key` it does not have (in `data`, `stringData` or `binaryData`)
is reported at `high` severity. An object with no data at all is taken to be filled elsewhere and
its keys are not checked.

## Why it matters
A pod whose ConfigMap, Secret or key is missing does not start: it stays in
`CreateContainerConfigError` (environment) or `ContainerCreating` (volume), and a missing
image pull Secret makes pulls from a private registry fail with `ImagePullBackOff`.

## Example
```yaml
env:
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef: {name: api-secrets, key: database-url}   # the Secret has db-url
```

## Fix
Fix the name or key, add the object, mark the reference `optional: true` if the pod can run
without it, or declare an object created elsewhere under `external`.

## References
- https://kubernetes.io/docs/concepts/configuration/configmap/#configmaps-and-pods
- https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets
- https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import Edge, edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KG104",
    name="config-reference-missing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A referenced ConfigMap, Secret or key does not exist",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/configuration/configmap/",
        "https://kubernetes.io/docs/concepts/configuration/secret/",
    ),
)

_KINDS = frozenset({"configmap", "secret", "imagePullSecret"})
_DATA_FIELDS = ("data", "stringData", "binaryData")


def _keys(target: Resource) -> set[str] | None:
    """The keys of a ConfigMap or Secret, or None when it has no data to judge."""
    keys: set[str] = set()
    written = False
    for field in _DATA_FIELDS:
        value = target.body.get(field)
        if isinstance(value, dict):
            written = written or bool(value)
            keys.update(str(k) for k in value)
    return keys if written else None


def _key_finding(edge: Edge, target: Resource) -> Finding | None:
    if edge.detail is None or target.kind != edge.target_kind:
        return None  # made by a generator or an operator: its keys are not in the scan
    keys = _keys(target)
    if keys is None or str(edge.detail) in keys:
        return None
    known = ", ".join(sorted(keys)[:8]) + (", ..." if len(keys) > 8 else "")
    message = (
        f"{edge.source_label} needs key {str(edge.detail)!r} of {edge.target_label} "
        f"({target.source.display}:{target.span_at().line}), which has only {known}; "
        "fix the key or add it to the object"
    )
    return edge.finding(RULE, message, at_detail=True)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    reported: set[tuple[object, ...]] = set()
    for edge in edges_from(ctx.graph, resource):
        if edge.kind not in _KINDS:
            continue
        state = presence(edge, ctx)
        if state in (Presence.EXPECTED, Presence.EXTERNAL):
            if edge.path not in reported:  # a volume's items share the name field
                reported.add(edge.path)
                what = "pulls images with" if edge.kind == "imagePullSecret" else "uses"
                yield missing_finding(RULE, edge, state, what)
            continue
        target = edge.found
        if target is not None and not edge.optional:
            finding = _key_finding(edge, target)
            if finding is not None:
                yield replace(finding, severity=Severity.HIGH)
