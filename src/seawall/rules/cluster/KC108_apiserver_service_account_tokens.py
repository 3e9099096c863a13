"""The API server does not look up service account tokens or has no key to verify them.

## What it checks
kube-apiserver's `--service-account-lookup` must not be `false` (its default is `true`), and
`--service-account-key-file` must name the public key (or keys) that verify service account
tokens. kubeadm passes the key file itself, so a kubeadm `ClusterConfiguration` is reported
only for an empty value; a static pod manifest must set it.

## Why it matters
Without the lookup, a token stays valid after its ServiceAccount or Secret was deleted, until
it expires (legacy Secret-based tokens never do). Without a key file, the API server verifies
tokens with its TLS serving key, so that key can no longer be rotated on its own.

## Example
```yaml
apiServer:
  extraArgs:
    service-account-lookup: "false"
```

## Fix
Remove `service-account-lookup` (or set it to `true`) and point `service-account-key-file` at
the public key matching `--service-account-signing-key-file` (kubeadm:
`/etc/kubernetes/pki/sa.pub`).

## References
- https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
- CIS Kubernetes Benchmark 1.2.21, 1.2.22
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args, is_false
from seawall.model.located import Located

RULE = Rule(
    code="KC108",
    name="apiserver-service-account-tokens",
    severity=Severity.MEDIUM,
    category="security",
    summary="The API server does not look up service account tokens or has no key for them",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.21",
        "CIS-1.2.22",
        "kube-bench:1.2.21",
        "kube-bench:1.2.22",
        "CKV_K8S_96",
        "CKV_K8S_97",
    ),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        lookup = args.get("service-account-lookup")
        if lookup is not None and is_false(lookup.value):
            yield args.finding(
                RULE,
                f"kube-apiserver --service-account-lookup={lookup.value}: tokens of deleted "
                "service accounts stay valid; remove the flag or set it to true (CIS 1.2.21)",
                lookup,
                at_value=True,
            )
        key = args.get("service-account-key-file")
        if key is not None and key.value.strip():
            continue
        if key is None and args.kubeadm_api is not None:
            continue  # kubeadm passes /etc/kubernetes/pki/sa.pub
        state = "is empty" if key is not None else "is not set"
        yield args.finding(
            RULE,
            f"kube-apiserver --service-account-key-file {state}: service account tokens are "
            f"verified with the TLS serving key; set it in {args.where} (CIS 1.2.22)",
            key,
            at_value=key is not None,
        )
