"""etcd serves clients or peers without certificates, or accepts unauthenticated ones.

## What it checks
etcd flags, from a kubeadm `ClusterConfiguration` (`etcd.local.extraArgs`) or an etcd static
pod manifest:

- `--cert-file` and `--key-file` name files, and `--client-cert-auth` is `true`;
- `--peer-cert-file` and `--peer-key-file` name files, and `--peer-client-cert-auth` is `true`;
- neither `--auto-tls` nor `--peer-auto-tls` is `true`.

kubeadm passes the certificate flags and both `*-client-cert-auth=true` itself, so a kubeadm
configuration is reported only when its `extraArgs` write an empty file, `false`, or turn
self-signed TLS on. In a static pod manifest the peer flags are required only when etcd listens
for peers beyond the loopback interface (`--listen-peer-urls`, default `http://localhost:2380`).
An etcd started with `--config-file` is not judged.

## Why it matters
etcd holds every object of the cluster, Secrets included. Without certificates its traffic is
plain text; without client certificate authentication anyone who reaches port 2379 (or 2380 for
peers) reads and writes it. Automatically generated self-signed certificates encrypt but
authenticate nobody.

## Example
```yaml
etcd:
  local:
    extraArgs:
      client-cert-auth: "false"
```

## Fix
Remove the overriding flags from `etcd.local.extraArgs`, or in the static pod set the
certificate flags to the files of the etcd CA (kubeadm: `/etc/kubernetes/pki/etcd/`) with
`--client-cert-auth=true` and `--peer-client-cert-auth=true`.

## References
- https://etcd.io/docs/latest/op-guide/security/
- CIS Kubernetes Benchmark 2.1, 2.2, 2.3, 2.4, 2.5, 2.6
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import ETCD, ComponentArgs, component_args, is_loopback, is_true
from seawall.model.located import Located

RULE = Rule(
    code="KC111",
    name="etcd-tls",
    severity=Severity.HIGH,
    category="security",
    summary="etcd serves without certificates or accepts unauthenticated clients or peers",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-2.1",
        "CIS-2.2",
        "CIS-2.3",
        "CIS-2.4",
        "CIS-2.5",
        "CIS-2.6",
        "kube-bench:2.1",
        "kube-bench:2.2",
        "kube-bench:2.3",
        "kube-bench:2.4",
        "kube-bench:2.5",
        "kube-bench:2.6",
        "CKV_K8S_116",
        "CKV_K8S_117",
        "CKV_K8S_118",
        "CKV_K8S_119",
        "CKV_K8S_121",
    ),
    references=("https://etcd.io/docs/latest/op-guide/security/",),
)

# (file flags, authentication flag, auto-TLS flag, who, controls)
_SIDES = (
    (("cert-file", "key-file"), "client-cert-auth", "auto-tls", "clients", ("2.1", "2.2", "2.3")),
    (
        ("peer-cert-file", "peer-key-file"),
        "peer-client-cert-auth",
        "peer-auto-tls",
        "peers",
        ("2.4", "2.5", "2.6"),
    ),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != ETCD or args.get("config-file") is not None:
            continue
        for files, auth_name, auto_name, who, (c_file, c_auth, c_auto) in _SIDES:
            auto = args.get(auto_name)
            if auto is not None and is_true(auto.value):
                yield args.finding(
                    RULE,
                    f"etcd --{auto_name}={auto.value}: it serves {who} a self-signed "
                    f"certificate; remove the flag and use certificates of the etcd CA "
                    f"(CIS {c_auto})",
                    auto,
                    at_value=True,
                )
            if who == "peers" and args.kubeadm_api is None and not _serves_peers(args):
                continue
            yield from _files(args, files, who, c_file)
            auth = args.get(auth_name)
            if auth is not None and is_true(auth.value):
                continue
            if auth is None and args.kubeadm_api is not None:
                continue  # kubeadm passes it as true
            shown = "is not set" if auth is None else f"is {auth.value}"
            yield args.finding(
                RULE,
                f"etcd --{auth_name} {shown}: {who} are accepted without a certificate of the "
                f"etcd CA; set it to true in {args.where} (CIS {c_auth})",
                auth,
                at_value=auth is not None,
            )


def _files(
    args: ComponentArgs, names: tuple[str, ...], who: str, control: str
) -> Iterator[Finding]:
    for name in names:
        flag = args.get(name)
        if flag is not None and flag.value.strip():
            continue
        if flag is None and args.kubeadm_api is not None:
            continue  # kubeadm passes it
        state = "is empty" if flag is not None else "is not set"
        yield args.finding(
            RULE,
            f"etcd --{name} {state}: it talks to {who} without TLS; set it in {args.where} "
            f"(CIS {control})",
            flag,
            at_value=flag is not None,
        )


def _serves_peers(args: ComponentArgs) -> bool:
    """Whether etcd listens for peers beyond loopback (the default is http://localhost:2380)."""
    flag = args.get("listen-peer-urls")
    if flag is None:
        return False
    return any(not is_loopback(url) for url in flag.values)
