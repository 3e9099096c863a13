"""An object uses an API version that the target Kubernetes release no longer serves.

## What it checks
Every object whose `apiVersion` and `kind` were removed in or before the target Kubernetes
version (`--kubernetes-version`, the configuration, or the `kubernetesVersion` of a kubeadm
`ClusterConfiguration` in the scan). The message names the release that removed it and the
replacement API, when there is one.

## Why it matters
The API server rejects objects of a removed version outright: `kubectl apply` fails, Helm
upgrades fail half-way, and GitOps controllers stop syncing. Clusters are usually upgraded
first and manifests fixed afterwards, under pressure. Some kinds (PodSecurityPolicy) have no
replacement at all, and the protection they gave silently disappears.

## Example
```yaml
apiVersion: policy/v1beta1
kind: PodSecurityPolicy     # removed in Kubernetes 1.25
```

## Fix
Move to the replacement API version (`kubectl convert` helps for most kinds) and adapt changed
fields. For PodSecurityPolicy, label namespaces for Pod Security Admission
(`pod-security.kubernetes.io/enforce`) or use a policy engine such as Gatekeeper.

## References
- https://kubernetes.io/docs/reference/using-api/deprecation-guide/
- https://kubernetes.io/docs/concepts/security/pod-security-admission/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.api_lifecycle import removal_of

RULE = Rule(
    code="KA101",
    name="removed-api",
    severity=Severity.HIGH,
    category="api-lifecycle",
    summary="An object uses an API version the target Kubernetes release no longer serves",
    targets=("resource",),
    equivalents=("pluto:removed", "kubent", "trivy:k8s-outdated-api"),
    references=("https://kubernetes.io/docs/reference/using-api/deprecation-guide/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    removal = removal_of(resource.api_version, resource.kind)
    target = ctx.settings.kubernetes_version
    if removal is None or target is None or target < removal.removed_in:
        return
    if removal.replacement:
        advice = f"use {removal.replacement}"
    else:
        advice = "it has no replacement: use Pod Security Admission labels or a policy engine"
    version = f"{target[0]}.{target[1]}"
    yield resource.finding(
        RULE,
        f"{resource.kind} {resource.api_version} was removed in Kubernetes "
        f"{removal.removed_label}; the {version} API server rejects it ({advice})",
        "apiVersion",
    )
