"""The kubelet accepts anonymous requests or authorizes every request.

## What it checks
`authentication.anonymous.enabled: true` and `authorization.mode: AlwaysAllow` in a
`KubeletConfiguration`, and `--anonymous-auth=true` / `--authorization-mode=AlwaysAllow` in
kubeadm `kubeletExtraArgs`.

## Why it matters
The kubelet API (port 10250) runs commands in any container of the node, reads their logs and
lists their pods. Anonymous access or AlwaysAllow authorization hands that to anyone who can
reach the port: a classic cluster takeover path.

## Example
```yaml
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
```

## Fix
Set `authentication.anonymous.enabled: false` and `authorization.mode: Webhook` (both are the
defaults of the configuration file).

## References
- https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
- CIS Kubernetes Benchmark 4.2.1, 4.2.2
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import is_true, kubelet_settings
from seawall.model.located import Located

RULE = Rule(
    code="KC201",
    name="kubelet-anonymous-access",
    severity=Severity.CRITICAL,
    category="security",
    summary="The kubelet accepts anonymous requests or authorizes every request",
    targets=("config",),
    equivalents=("CIS-4.2.1", "CIS-4.2.2", "kube-bench:4.2.1", "kube-bench:4.2.2"),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for setting in kubelet_settings(
        view, ("authentication", "anonymous", "enabled"), "anonymous-auth"
    ):
        if is_true(str(setting.value).lower()):
            yield setting.finding(
                RULE,
                "the kubelet accepts anonymous requests: anyone reaching port 10250 can use "
                "its API; disable anonymous authentication",
            )
    for setting in kubelet_settings(view, ("authorization", "mode"), "authorization-mode"):
        if "AlwaysAllow" in str(setting.value).split(","):
            yield setting.finding(
                RULE,
                "the kubelet authorizes every request (AlwaysAllow); use the Webhook mode",
            )
