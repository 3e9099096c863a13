"""The API server's EncryptionConfiguration leaves Secrets unencrypted or uses a weak provider.

## What it checks
An `EncryptionConfiguration` (`apiserver.config.k8s.io/v1`) in the scan, the file that
kube-apiserver's `--encryption-provider-config` names:

- no rule lists `secrets` (or a wildcard `*.` / `*.*` that covers them): Secrets are not
  encrypted (high);
- `identity` is the first provider of the rule that governs Secrets: every write is plaintext
  (high); `identity` as a later provider only reads old data and is fine;
- a key of `aescbc` or `aesgcm` that is not 16, 24 or 32 bytes after base64 decoding, a
  `secretbox` key that is not 32 bytes, or a secret that is not base64: the API server refuses to
  start (high);
- `aescbc` as the writing provider: the Kubernetes documentation no longer recommends CBC
  (medium);
- `aesgcm` as the writing provider: its key must be rotated every 200,000 writes (info);
- a `kms` provider without `apiVersion: v2`: KMS v1 is deprecated since 1.28 (medium).

When a kube-apiserver flag in the scan points at the file (matched by file name), the message
says which one.

## Why it matters
Encryption at rest is what keeps a stolen etcd backup from being a list of every password and
token of the cluster. An `identity` first provider looks like encryption in review but writes
plaintext; a key of the wrong length stops the control plane from starting at all.

## Example
```yaml
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}          # first: Secrets are written in plaintext
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0   # 6 bytes: kube-apiserver does not start
```

## Fix
Put a `kms` provider with `apiVersion: v2` (or `secretbox` with a 32-byte random key, made with
`head -c 32 /dev/urandom | base64`) first for `secrets`, keep `identity: {}` last so that
existing plaintext data can still be read, then rewrite all Secrets
(`kubectl get secrets -A -o json | kubectl replace -f -`).

## References
- https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
- https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/
- CIS Kubernetes Benchmark 1.2.28
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.encryption import (
    KEY_SIZES,
    EncryptionRule,
    Provider,
    encryption_rules,
    is_encryption_config,
    matching_configs,
    secrets_rule,
)
from seawall.model.located import Located
from seawall.model.resource import Resource

RULE = Rule(
    code="KC115",
    name="encryption-configuration",
    severity=Severity.HIGH,
    category="security",
    summary="The EncryptionConfiguration leaves Secrets unencrypted or uses a weak provider",
    targets=("config",),
    equivalents=("CIS-1.2.28", "kube-bench:1.2.28"),
    references=("https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    if not isinstance(view, Resource) or not is_encryption_config(view):
        return
    used = _used_by(view, ctx)
    rules = encryption_rules(view)
    for rule in rules:
        for provider in rule.providers:
            yield from _keys(view, provider)
    governing = secrets_rule(rules)
    if governing is None:
        yield view.finding(
            RULE,
            f"the EncryptionConfiguration{used} has no rule for secrets (nor a `*.` or `*.*` "
            "wildcard): Secrets are written to etcd in plaintext; add a rule with "
            "`resources: [secrets]`",
            "resources",
        )
        return
    if not governing.providers:
        return
    yield from _writer(view, governing, governing.providers[0], used)


def _writer(view: Resource, rule: EncryptionRule, first: Provider, used: str) -> Iterator[Finding]:
    """Findings about the provider that encrypts every new write of Secrets."""
    name = rule.secrets_name()
    if first.kind == "identity":
        yield view.finding_at(
            RULE,
            f"identity is the first provider for {name}{used}: every Secret is written to etcd "
            "in plaintext; put a kms (v2) or secretbox provider first and keep identity last",
            first.path,
        )
    elif first.kind == "aescbc":
        yield replace(
            view.finding_at(
                RULE,
                f"aescbc encrypts {name}{used}: the Kubernetes documentation no longer "
                "recommends AES-CBC; use kms (v2) or secretbox",
                first.path,
            ),
            severity=Severity.MEDIUM,
        )
    elif first.kind == "aesgcm":
        yield replace(
            view.finding_at(
                RULE,
                f"aesgcm encrypts {name}{used}: its key must be rotated every 200,000 writes; "
                "automate the rotation or use kms (v2)",
                first.path,
            ),
            severity=Severity.INFO,
        )
    elif first.kind == "kms" and first.kms_api_version != "v2":
        yield replace(
            view.finding_at(
                RULE,
                f"the kms provider for {name}{used} uses KMS v1, deprecated since Kubernetes "
                "1.28; set `apiVersion: v2` with a KMS v2 plugin",
                (*first.path, "kms"),
            ),
            severity=Severity.MEDIUM,
        )


def _keys(view: Resource, provider: Provider) -> Iterator[Finding]:
    sizes = KEY_SIZES.get(provider.kind)
    if sizes is None:
        return
    allowed = ", ".join(str(s) for s in sizes[:-1])
    allowed = f"{allowed} or {sizes[-1]}" if allowed else str(sizes[-1])
    for key in provider.keys:
        length = key.decoded_length()
        if length is not None and length in sizes:
            continue
        if length is None:
            shown = f"is not valid base64 (a {allowed}-byte key is needed)"
        else:
            shown = f"decodes to {length} bytes, not {allowed}"
        yield view.finding_at(
            RULE,
            f"{provider.kind} key {key.name or '<unnamed>'} {shown}: "
            "kube-apiserver refuses to start; generate one with "
            f"`head -c {sizes[-1]} /dev/urandom | base64`",
            (*key.path, "secret"),
            at_value=True,
        )


def _used_by(view: Resource, ctx: RuleContext) -> str:
    """`` (named by ... at file:line)`` when a scanned kube-apiserver flag matches this file."""
    name = view.source.path.name
    for candidate in (*ctx.graph.resources, *ctx.graph.pod_specs):
        for args in component_args(candidate):
            if args.component != APISERVER:
                continue
            flag = args.get("encryption-provider-config")
            if flag is None or view not in matching_configs(ctx.graph, flag.value):
                continue
            line = candidate.span_for(flag.value_path, key=False).line
            return (
                f" (used by kube-apiserver --encryption-provider-config={flag.value} at "
                f"{candidate.source.display}:{line}, matched by the file name {name})"
            )
    return ""
