"""An object uses an API version that the target Kubernetes release no longer serves.

## What it checks
Every object whose `apiVersion` and `kind` were removed in or before the target Kubernetes
version (`--kubernetes-version`, the configuration, or the `kubernetesVersion` of a kubeadm
`ClusterConfiguration` in the scan). The message names the release that removed it and the
replacement API, when there is one. Add-on APIs that the add-on itself stopped serving
(cert-manager's `v1alpha2`, `v1alpha3` and `v1beta1`, no longer served from cert-manager 1.6) are
reported whatever the Kubernetes version, since no maintained release of the add-on serves them.
The table is the reviewed data file `seawall/policy/data/api_lifecycle.yaml`, with its sources;
API versions that are deprecated but still served are `KA103 deprecated-api`.

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
- https://cert-manager.io/docs/releases/upgrading/remove-deprecated-apis/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.lifecycle import ApiEntry, api_entry, label

RULE = Rule(
    code="KA101",
    name="removed-api",
    severity=Severity.HIGH,
    category="api-lifecycle",
    summary="An object uses an API version the target Kubernetes release no longer serves",
    targets=("resource",),
    equivalents=(
        "kube-score:stable-version",
        "pluto:removed",
        "kubent",
        "trivy:k8s-outdated-api",
        "kube-linter:no-extensions-v1beta",
    ),
    references=(
        "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
        "https://cert-manager.io/docs/releases/upgrading/remove-deprecated-apis/",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    entry = api_entry(resource.api_version, resource.kind)
    target = ctx.settings.kubernetes_version
    if entry is None or target is None:
        return
    what = f"{resource.kind} {resource.api_version}"
    if entry.addon is not None:
        yield resource.finding(RULE, _addon_message(what, entry), "apiVersion")
        return
    if entry.removed_in is None or target < entry.removed_in:
        return
    yield resource.finding(
        RULE,
        f"{what} was removed in Kubernetes {label(entry.removed_in)}; the {label(target)} API "
        f"server rejects it ({entry.what_to_do})",
        "apiVersion",
    )


def _addon_message(what: str, entry: ApiEntry) -> str:
    assert entry.addon is not None
    addon = entry.addon
    deprecated = (
        f" (deprecated in {addon.deprecated_in[0]}.{addon.deprecated_in[1]})"
        if addon.deprecated_in
        else ""
    )
    return (
        f"{what} is no longer served since {addon.name} {label(addon.removed_in)}{deprecated}: "
        f"no maintained {addon.name} release accepts it ({entry.what_to_do})"
    )
