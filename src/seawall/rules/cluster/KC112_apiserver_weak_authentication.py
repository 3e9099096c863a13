"""The API server accepts anonymous requests or a static token file.

## What it checks
kube-apiserver flags from a kubeadm `ClusterConfiguration` (`apiServer.extraArgs`, v1beta3 map
or v1beta4 list) or a static pod manifest:

- `--anonymous-auth` not set to `false` (it defaults to `true`, and kubeadm does not change
  that): medium, high when the server also authorizes with `AlwaysAllow`;
- `--token-auth-file` set: high.

A server configured through `--authentication-config` (a structured authentication file, which
can limit anonymous access to health endpoints) is not judged on anonymous access.

## Why it matters
With RBAC, anonymous requests get only what `system:unauthenticated` is bound to (version and
health endpoints by default), but one careless binding to that group, or a `cluster-admin`
binding to `system:anonymous`, opens the cluster to anyone who reaches port 6443. CIS asks for
anonymous access to be off. A static token file holds long-lived bearer tokens in plain text on
every control-plane node; they cannot be revoked or rotated without restarting the API server.

## Example
```yaml
apiServer:
  extraArgs:
    token-auth-file: /etc/kubernetes/tokens.csv
```

## Fix
Set `anonymous-auth: "false"` (kubeadm's health probes and `kubeadm join` discovery need the
endpoints anonymous users reach: on 1.32 and later an `AuthenticationConfiguration` with
`anonymous.conditions` for `/livez`, `/readyz` and `/healthz` keeps them working). Replace the
token file with client certificates, OIDC or service account tokens and remove the flag.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
- https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file
- CIS Kubernetes Benchmark 1.2.1, 1.2.2
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, ComponentArgs, component_args, is_false
from seawall.model.located import Located

RULE = Rule(
    code="KC112",
    name="apiserver-weak-authentication",
    severity=Severity.MEDIUM,
    category="security",
    summary="The API server accepts anonymous requests or a static token file",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.1",
        "CIS-1.2.2",
        "kube-bench:1.2.1",
        "kube-bench:1.2.2",
        "CKV_K8S_68",
        "CKV_K8S_70",
    ),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/authentication/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        yield from _anonymous(args)
        token = args.get("token-auth-file")
        if token is not None and token.value.strip():
            yield replace(
                args.finding(
                    RULE,
                    f"kube-apiserver --token-auth-file={token.value} accepts long-lived bearer "
                    "tokens kept in plain text that cannot be revoked without a restart; use "
                    "client certificates, OIDC or service account tokens and remove it "
                    "(CIS 1.2.2)",
                    token,
                    at_value=True,
                ),
                severity=Severity.HIGH,
            )


def _anonymous(args: ComponentArgs) -> Iterator[Finding]:
    if args.get("authentication-config") is not None:
        return  # anonymous access is configured (and may be limited) in that file
    flag = args.get("anonymous-auth")
    if flag is not None and is_false(flag.value):
        return
    shown = "is not set (default true)" if flag is None else f"is {flag.value}"
    modes = args.get("authorization-mode")
    allow_all = modes is not None and "AlwaysAllow" in modes.values
    consequence = (
        "with AlwaysAllow authorization every anonymous request may do anything"
        if allow_all
        else "unauthenticated requests reach the API as system:anonymous, limited only by RBAC "
        "bindings to system:unauthenticated"
    )
    finding = args.finding(
        RULE,
        f"kube-apiserver --anonymous-auth {shown}: {consequence}; set it to false in "
        f"{args.where} (CIS 1.2.1)",
        flag,
        at_value=flag is not None,
    )
    yield replace(finding, severity=Severity.HIGH) if allow_all else finding
