"""A kubeadm configuration uses an API version that is deprecated or removed.

## What it checks
The `apiVersion` of every kubeadm kind against the target Kubernetes version: `v1beta1` was
removed in 1.22, `v1beta2` in 1.27, and `v1beta3` is deprecated in favour of `v1beta4` from
1.31 (the release that introduced `v1beta4`).

## Why it matters
A removed version makes `kubeadm init`, `join` and `upgrade` fail outright. A deprecated one
still works, but will be removed; migrating early, while `kubeadm config migrate` still reads
the old format, is much cheaper than under the pressure of a blocked upgrade.

## Example
```yaml
apiVersion: kubeadm.k8s.io/v1beta3   # deprecated from Kubernetes 1.31
kind: ClusterConfiguration
```

## Fix
Run `kubeadm config migrate --old-config old.yaml --new-config new.yaml` and review the result
(v1beta4 turns `extraArgs` maps into lists of `name`/`value` pairs).

## References
- https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
- https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-config/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.kubeadm_schema import KUBEADM, KUBEADM_VERSIONS, LATEST_KUBEADM

RULE = Rule(
    code="KC003",
    name="deprecated-kubeadm-api",
    severity=Severity.MEDIUM,
    category="api-lifecycle",
    summary="A kubeadm configuration uses a deprecated or removed API version",
    targets=("config",),
    references=("https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    group, _, version = resource.api_version.rpartition("/")
    target = ctx.settings.kubernetes_version
    if group != KUBEADM or version not in KUBEADM_VERSIONS or target is None:
        return
    deprecated, removed = KUBEADM_VERSIONS[version]
    label = f"{target[0]}.{target[1]}"
    if removed is not None and target >= removed:
        yield resource.finding(
            RULE,
            f"{resource.api_version} was removed in kubeadm {removed[0]}.{removed[1]}: kubeadm "
            f"{label} refuses this file; migrate it to {LATEST_KUBEADM}",
            "apiVersion",
            at_value=True,
        )
    elif deprecated is not None and target >= deprecated:
        yield resource.finding(
            RULE,
            f"{resource.api_version} is deprecated since kubeadm {deprecated[0]}.{deprecated[1]} "
            f"and will be removed; migrate to {LATEST_KUBEADM} with `kubeadm config migrate`",
            "apiVersion",
            at_value=True,
        )
