"""A configuration kind is written under an apiVersion that does not serve it.

## What it checks
Every `KubeletConfiguration`, `KubeProxyConfiguration` and kubeadm kind whose `apiVersion`
is not one that defines it: a `KubeletConfiguration` under `kubeadm.k8s.io/v1beta3`, a
`ClusterConfiguration` under `kubelet.config.k8s.io/v1beta1`, or a `ResetConfiguration` /
`UpgradeConfiguration` under kubeadm `v1beta3` (they exist from `v1beta4`).

## Why it matters
kubeadm picks the documents of a multi-document file by apiVersion and kind. A document whose
pair it does not know is skipped with at most a warning, so a whole block of settings (every
kubelet hardening option, say) never reaches the node.

## Example
```yaml
apiVersion: kubeadm.k8s.io/v1beta3
kind: KubeletConfiguration       # served by kubelet.config.k8s.io/v1beta1
```

## Fix
Use the apiVersion the message names.

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-init/#config-file
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.kubeadm_schema import KUBEADM, KUBEADM_KINDS, api_versions_of

SCHEMA_VERSIONS = ("v1beta3", "v1beta4")

RULE = Rule(
    code="KC002",
    name="config-kind-wrong-api-version",
    severity=Severity.HIGH,
    category="correctness",
    summary="A configuration kind is written under an apiVersion that does not serve it",
    targets=("config",),
    references=("https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    served = api_versions_of(resource.kind)
    if not served or resource.api_version in served:
        return
    group, _, version = resource.api_version.rpartition("/")
    if group == KUBEADM and resource.kind in KUBEADM_KINDS and version not in SCHEMA_VERSIONS:
        return  # an old kubeadm API version: KC003 reports it
    yield resource.finding(
        RULE,
        f"{resource.kind} is not served by {resource.api_version or 'an empty apiVersion'}: "
        f"kubeadm skips this document and none of its settings apply; use "
        f"`apiVersion: {served[0]}`",
        "apiVersion",
        at_value=True,
    )
