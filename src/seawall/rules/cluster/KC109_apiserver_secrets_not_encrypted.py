"""The API server stores Secrets in etcd without encryption at rest.

## What it checks
kube-apiserver's `--encryption-provider-config`, from a kubeadm `ClusterConfiguration`
(`apiServer.extraArgs`; kubeadm does not set it) or a static pod manifest: reported when it is
missing or empty. When the scan also holds an `EncryptionConfiguration` whose file name is the
flag's file name (the scan cannot see the node, so the name is the link), the flag is reported
when that file still writes Secrets in plaintext: no rule lists `secrets`, or `identity` is the
first provider of the rule that does; the finding names the file it matched. The file's other
problems are KC115's.

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
from seawall.model.cluster import APISERVER, ComponentArgs, Flag, component_args
from seawall.model.encryption import matching_configs, secrets_unencrypted
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
            yield from _matched_config_unencrypted(args, flag, ctx)
            continue
        state = "is empty" if flag is not None else "is not set"
        yield args.finding(
            RULE,
            f"kube-apiserver --encryption-provider-config {state}: Secrets are stored in etcd "
            f"unencrypted; set it in {args.where} (CIS 1.2.27)",
            flag,
            at_value=flag is not None,
        )


def _matched_config_unencrypted(
    args: ComponentArgs, flag: Flag, ctx: RuleContext
) -> Iterator[Finding]:
    for config in matching_configs(ctx.graph, flag.value):
        why = secrets_unencrypted(config)
        if why is None:
            continue
        where = f"{config.source.display}:{config.span_at('kind').line}"
        yield args.finding(
            RULE,
            f"kube-apiserver --encryption-provider-config={flag.value} matches the "
            f"EncryptionConfiguration at {where} by file name, and {why}: Secrets are still "
            "written to etcd in plaintext; put a kms (v2) or secretbox provider first for secrets "
            "(CIS 1.2.27)",
            flag,
            at_value=True,
        )
