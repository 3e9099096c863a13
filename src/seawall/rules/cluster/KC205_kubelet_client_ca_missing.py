"""The kubelet has no client CA to authenticate the API server and other clients.

## What it checks
`authentication.x509.clientCAFile` of a `KubeletConfiguration`, and `--client-ca-file` in
kubeadm `kubeletExtraArgs`: reported when written empty, or when a standalone
`KubeletConfiguration` leaves it out. A `KubeletConfiguration` in the same file as a kubeadm
`InitConfiguration` or `ClusterConfiguration` is handed to `kubeadm init`, which fills in its
cluster CA, so there only an empty value is reported.

## Why it matters
Without a client CA the kubelet cannot authenticate client certificates: the API server's
calls for logs, exec and port-forward are then authenticated by token or anonymously at best,
and the kubelet API on port 10250 has no certificate-based access control.

## Example
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  webhook:
    enabled: true           # no x509.clientCAFile
```

## Fix
Set `authentication.x509.clientCAFile` to the cluster CA certificate (kubeadm:
`/etc/kubernetes/pki/ca.crt`).

## References
- https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
- CIS Kubernetes Benchmark 4.2.3
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import kubelet_settings
from seawall.model.located import Located
from seawall.model.resource import Resource

RULE = Rule(
    code="KC205",
    name="kubelet-client-ca-missing",
    severity=Severity.HIGH,
    category="security",
    summary="The kubelet has no client CA to authenticate the API server and other clients",
    targets=("config",),
    equivalents=("CIS-4.2.3", "kube-bench:4.2.3"),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",),
)

_FIELD = ("authentication", "x509", "clientCAFile")
_INIT_KINDS = ("InitConfiguration", "ClusterConfiguration")


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for setting in kubelet_settings(view, _FIELD, "client-ca-file"):
        if setting.flag is None:
            found = True
        if str(setting.value).strip():
            continue
        yield setting.finding(
            RULE,
            "the kubelet's client CA file is empty: client certificates, the API server's "
            "included, are not authenticated; set it to the cluster CA (CIS 4.2.3)",
        )
    if (
        found
        or not isinstance(view, Resource)
        or view.kind != "KubeletConfiguration"
        or _given_to_kubeadm(view, ctx)
    ):
        return
    yield view.finding_at(
        RULE,
        "KubeletConfiguration has no authentication.x509.clientCAFile: client certificates, "
        "the API server's included, are not authenticated; set it to the cluster CA "
        "(CIS 4.2.3)",
        _FIELD,
    )


def _given_to_kubeadm(view: Resource, ctx: RuleContext) -> bool:
    """Whether the file is a ``kubeadm init`` configuration (kubeadm then fills in the CA)."""
    return any(
        other.source is view.source and other.api_version.startswith("kubeadm.k8s.io/")
        for kind in _INIT_KINDS
        for other in ctx.graph.of_kind(kind)
    )
