"""A TLS cipher suite without forward secrecy (or a broken one) is allowed.

## What it checks
The cipher suites of kube-apiserver (`--tls-cipher-suites`) and of the kubelet
(`tlsCipherSuites` in a `KubeletConfiguration`, or `--tls-cipher-suites` in
`kubeletExtraArgs`): suites with RSA key exchange (`TLS_RSA_WITH_*`, no forward secrecy) and
suites with 3DES or RC4 (broken) are reported one by one.

## Why it matters
Without an ephemeral (ECDHE) key exchange, whoever obtains the server's private key later can
decrypt every recorded session, including tokens and Secrets sent to the API server or kubelet.
CIS 1.2.29 and 4.2.12 still list two `TLS_RSA_*` GCM suites as acceptable; seawall reports them
because they lack forward secrecy, and says so.

## Example
```yaml
tlsCipherSuites:
  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  - TLS_RSA_WITH_AES_256_GCM_SHA384      # no forward secrecy
```

## Fix
Keep only `TLS_ECDHE_*` suites with AES-GCM or ChaCha20-Poly1305 (TLS 1.3 suites are not
configurable and always have forward secrecy).

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- CIS Kubernetes Benchmark 1.2.29, 4.2.12
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, KUBELET, component_args
from seawall.model.located import Located
from seawall.model.resource import Resource

RULE = Rule(
    code="KC104",
    name="weak-tls-cipher-suites",
    severity=Severity.MEDIUM,
    category="security",
    summary="A TLS cipher suite without forward secrecy, or a broken one, is allowed",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.29",
        "CIS-4.2.12",
        "kube-bench:1.2.29",
        "kube-bench:4.2.12",
        "CKV_K8S_105",
    ),
    references=("https://ciphersuite.info/",),
)


def weakness(suite: str) -> str | None:
    """Why ``suite`` is weak, or None."""
    name = suite.strip().upper()
    if "3DES" in name or "RC4" in name:
        return "uses a broken cipher"
    if name.startswith("TLS_RSA_"):
        return "has no forward secrecy (RSA key exchange)"
    return None


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    if isinstance(view, Resource) and view.kind == "KubeletConfiguration":
        suites = view.body.get("tlsCipherSuites")
        if isinstance(suites, list):
            for index, suite in enumerate(suites):
                why = weakness(str(suite))
                if why:
                    yield view.finding(
                        RULE,
                        f"kubelet cipher suite {suite} {why}; keep only TLS_ECDHE_* suites",
                        "tlsCipherSuites",
                        index,
                    )
    for args in component_args(view):
        if args.component not in (APISERVER, KUBELET):
            continue
        flag = args.get("tls-cipher-suites")
        if flag is None:
            continue
        weak = [(s, weakness(s)) for s in flag.values]
        named = [f"{s} ({why})" for s, why in weak if why]
        if named:
            yield args.finding(
                RULE,
                f"{args.component} --tls-cipher-suites allows {', '.join(named)}; keep only "
                "TLS_ECDHE_* suites",
                flag,
                at_value=True,
            )
