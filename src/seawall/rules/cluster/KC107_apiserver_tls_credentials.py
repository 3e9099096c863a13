"""The API server lacks a certificate, key or CA for its TLS connections.

## What it checks
kube-apiserver's TLS files: `--tls-cert-file` and `--tls-private-key-file` (its serving
certificate), `--client-ca-file` (client certificate authentication), `--etcd-certfile`,
`--etcd-keyfile` and `--etcd-cafile` (its connection to etcd), `--kubelet-client-certificate`
and `--kubelet-client-key` (how it authenticates to kubelets) and
`--kubelet-certificate-authority` (how it verifies them).

A static pod manifest must set each of them to a file. kubeadm passes all of them itself
(from its PKI directory, or from `etcd.external` for an external etcd), so in a kubeadm
`ClusterConfiguration` only an empty value in `apiServer.extraArgs`, or an `etcd.external`
without `caFile`, `certFile` and `keyFile`, is reported.

kubeadm does not pass `--kubelet-certificate-authority`, because kubelets serve self-signed
certificates unless `serverTLSBootstrap` is on: its absence is reported everywhere, at medium
severity, with that prerequisite in the message.

## Why it matters
Without its own certificate the API server serves a self-signed one that clients cannot verify.
Without a client CA, client certificates (kubelets, controllers, administrators) are not
accepted. Without etcd client certificates and CA, the API server talks to etcd, which holds
every Secret, unauthenticated and unverified. Without a kubelet client certificate the kubelet
refuses `exec`, `logs` and `port-forward` from the API server (or, with anonymous access on,
accepts anyone); without a kubelet CA the API server sends those streams to whatever answers on
a node's port 10250.

## Example
```yaml
etcd:
  external:
    endpoints: [https://10.0.0.5:2379]   # no caFile, certFile, keyFile
```

## Fix
Set the flags to the certificate files (kubeadm does this unless told otherwise), and give
`etcd.external` the `caFile`, `certFile` and `keyFile` of an etcd client certificate. For
`--kubelet-certificate-authority`, first have kubelets request serving certificates from the
cluster CA (`serverTLSBootstrap: true` in the KubeletConfiguration, and an approver for their
CSRs), then set it to `/etc/kubernetes/pki/ca.crt`.

## References
- https://kubernetes.io/docs/setup/best-practices/certificates/
- https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
- CIS Kubernetes Benchmark 1.2.4, 1.2.5, 1.2.23, 1.2.24, 1.2.25, 1.2.26
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, ComponentArgs, component_args
from seawall.model.located import Located
from seawall.model.resource import Resource

RULE = Rule(
    code="KC107",
    name="apiserver-tls-credentials",
    severity=Severity.HIGH,
    category="security",
    summary="The API server lacks a certificate, key or CA for its TLS connections",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.4",
        "CIS-1.2.5",
        "CIS-1.2.23",
        "CIS-1.2.24",
        "CIS-1.2.25",
        "CIS-1.2.26",
        "kube-bench:1.2.4",
        "kube-bench:1.2.5",
        "kube-bench:1.2.23",
        "kube-bench:1.2.24",
        "kube-bench:1.2.25",
        "kube-bench:1.2.26",
        "CKV_K8S_72",
        "CKV_K8S_73",
        "CKV_K8S_99",
        "CKV_K8S_100",
        "CKV_K8S_102",
    ),
    references=("https://kubernetes.io/docs/setup/best-practices/certificates/",),
)

# flag, what is lost without it, control
_FLAGS = (
    ("tls-cert-file", "it serves a self-signed certificate", "CIS 1.2.24"),
    ("tls-private-key-file", "it serves a self-signed certificate", "CIS 1.2.24"),
    ("client-ca-file", "client certificates are not accepted", "CIS 1.2.25"),
    ("etcd-certfile", "it connects to etcd without a client certificate", "CIS 1.2.23"),
    ("etcd-keyfile", "it connects to etcd without a client certificate", "CIS 1.2.23"),
    ("etcd-cafile", "it does not verify etcd's certificate", "CIS 1.2.26"),
    (
        "kubelet-client-certificate",
        "kubelets cannot authenticate it for exec, logs and port-forward",
        "CIS 1.2.4",
    ),
    (
        "kubelet-client-key",
        "kubelets cannot authenticate it for exec, logs and port-forward",
        "CIS 1.2.4",
    ),
)

# etcd.external field -> the API server flag kubeadm fills from it
_EXTERNAL = (
    ("certFile", "etcd-certfile", "CIS 1.2.23"),
    ("keyFile", "etcd-keyfile", "CIS 1.2.23"),
    ("caFile", "etcd-cafile", "CIS 1.2.26"),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    apiserver: ComponentArgs | None = None
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        apiserver = args
        kubeadm = args.kubeadm_api is not None
        for name, loss, control in _FLAGS:
            flag = args.get(name)
            if flag is not None and flag.value.strip():
                continue
            if flag is None and kubeadm:
                continue  # kubeadm passes it
            state = "is empty" if flag is not None else "is not set"
            yield args.finding(
                RULE,
                f"kube-apiserver --{name} {state}: {loss}; set it in {args.where} ({control})",
                flag,
                at_value=flag is not None,
            )
        yield from _kubelet_ca(args)
    if isinstance(view, Resource) and view.kind == "ClusterConfiguration":
        yield from _external_etcd(view, apiserver)


def _external_etcd(view: Resource, apiserver: ComponentArgs | None) -> Iterator[Finding]:
    etcd = view.body.get("etcd")
    external = etcd.get("external") if isinstance(etcd, dict) else None
    if not isinstance(external, dict):
        return
    for field, flag_name, control in _EXTERNAL:
        value = external.get(field)
        if isinstance(value, str) and value.strip():
            continue
        if apiserver is not None and apiserver.get(flag_name) is not None:
            continue  # written in extraArgs: judged above
        yield view.finding_at(
            RULE,
            f"etcd.external has no {field}: kube-apiserver gets no --{flag_name} and talks to "
            f"etcd without {'verifying it' if field == 'caFile' else 'a client certificate'}; "
            f"set it ({control})",
            ("etcd", "external", field),
        )


def _kubelet_ca(args: ComponentArgs) -> Iterator[Finding]:
    flag = args.get("kubelet-certificate-authority")
    if flag is not None and flag.value.strip():
        return
    state = "is empty" if flag is not None else "is not set"
    finding = args.finding(
        RULE,
        f"kube-apiserver --kubelet-certificate-authority {state}: it does not verify the "
        "kubelets it sends exec, logs and port-forward streams to; have kubelets get serving "
        "certificates from the cluster CA (serverTLSBootstrap: true, with their CSRs approved), "
        f"then set it to the CA file in {args.where} (CIS 1.2.5)",
        flag,
        at_value=flag is not None,
    )
    yield replace(finding, severity=Severity.MEDIUM)
