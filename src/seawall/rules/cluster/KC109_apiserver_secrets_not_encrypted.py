"""The API server stores Secrets in etcd without encryption at rest.

## What it checks
kube-apiserver's `--encryption-provider-config`, from a kubeadm `ClusterConfiguration`
(`apiServer.extraArgs`; kubeadm does not set it) or a static pod manifest: reported when it is
missing or empty. What the referenced file configures (CIS 1.2.28) is not read.

## Why it matters
Without an encryption configuration the API server writes Secrets, and every other resource, to
etcd as plain data: anyone with a copy of the etcd data directory or of an etcd backup reads
every token and password of the cluster.

## Example
```yaml
apiServer:
  extraArgs:
    audit-log-path: /var/log/kubernetes/audit.log   # no encryption-provider-config
```

## Fix
Write an `EncryptionConfiguration` (at least for `secrets`, with `aescbc`, `secretbox` or a
KMS provider first), mount it into the static pod (`extraVolumes`) and set
`encryption-provider-config` to its path; then rewrite existing Secrets so they are encrypted.

## References
- https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
- CIS Kubernetes Benchmark 1.2.27
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC109",
    name="apiserver-secrets-not-encrypted",
    severity=Severity.MEDIUM,
    category="security",
    summary="The API server stores Secrets in etcd without encryption at rest",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.27",
        "kube-bench:1.2.27",
        "CKV_K8S_104",
    ),
    references=("https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        flag = args.get("encryption-provider-config")
        if flag is not None and flag.value.strip():
            continue
        state = "is empty" if flag is not None else "is not set"
        yield args.finding(
            RULE,
            f"kube-apiserver --encryption-provider-config {state}: Secrets are stored in etcd "
            f"unencrypted; set it in {args.where} (CIS 1.2.27)",
            flag,
            at_value=flag is not None,
        )
