"""A container keeps the runtime's default Linux capabilities.

## What it checks
Containers (init and ephemeral included) whose `securityContext.capabilities.drop` does not
contain `ALL`. Privileged containers are left to KS101 (dropping capabilities does not restrict
them) and Windows pods (`spec.os.name: windows`) are skipped: capabilities are a Linux feature.

## Why it matters
Without `drop: [ALL]` a container starts with the runtime's default set, about fourteen
capabilities including `NET_RAW` (forge packets, spoof ARP and DNS on the node's network),
`CHOWN`, `DAC_OVERRIDE`, `SETUID`/`SETGID` and `MKNOD`. Most applications need none of them, and
each one widens what an attacker can do after taking over the process. The Pod Security
Standards' Restricted level requires dropping `ALL` and allows adding back only
`NET_BIND_SERVICE`.

## Example
```yaml
containers:
  - name: api
    image: registry.example.com/api:3.2.0
    securityContext:
      capabilities:
        drop: ["NET_RAW"]
```

## Fix
```yaml
    securityContext:
      capabilities:
        drop: ["ALL"]
        add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024 as non-root
```

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
- https://man7.org/linux/man-pages/man7/capabilities.7.html
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView, capability_names

RULE = Rule(
    code="KS203",
    name="capabilities-not-dropped",
    severity=Severity.LOW,
    category="security",
    summary="A container keeps the runtime's default Linux capabilities",
    targets=("pod-spec",),
    equivalents=(
        "KSV003",
        "KSV106",
        "CKV_K8S_37",
        "CKV_K8S_28",
        "kube-linter:drop-net-raw-capability",
        "polaris:insecureCapabilities",
        "kubesec:CapDropAll",
        "kubesec:CapDropAny",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.field("os", "name") == "windows":
        return
    for container in pod.containers:
        context = container.security_context
        if context.get("privileged") is True:
            continue  # KS101: a privileged container has every capability whatever it drops
        capabilities = context.get("capabilities")
        drop_value = capabilities.get("drop") if isinstance(capabilities, dict) else None
        dropped = capability_names(drop_value)
        if "ALL" in dropped:
            continue
        if dropped:
            what = f"drops only {', '.join(dropped)}, so it keeps the rest of the runtime's"
            what += " default capabilities"
        else:
            what = "drops no capabilities, so it keeps the runtime's default set (NET_RAW, "
            what += "CHOWN, DAC_OVERRIDE, SETUID, ...)"
        yield container.finding(
            RULE,
            f"{container.label} {what}; set `capabilities.drop: [ALL]` and add back only what "
            "it needs",
            "securityContext",
            "capabilities",
            "drop",
        )
