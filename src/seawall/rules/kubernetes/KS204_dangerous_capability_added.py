"""A container adds a Linux capability beyond the Pod Security Standards' Baseline set.

## What it checks
Every entry of `securityContext.capabilities.add` (containers, init and ephemeral containers)
that is not one of the capabilities the Baseline level allows: `AUDIT_WRITE`, `CHOWN`,
`DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`,
`SETPCAP`, `SETUID` and `SYS_CHROOT`. Names are compared without case and without a `CAP_`
prefix. The message explains the worst ones: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`,
`SYS_RAWIO`, `SYS_BOOT`, `DAC_READ_SEARCH`, `BPF`, `PERFMON`, `NET_ADMIN` and `NET_RAW` (high
severity); any other capability outside the set (`IPC_LOCK`, `SYS_TIME`, `SYS_NICE`, ...) is
reported at medium severity.

## Why it matters
Capabilities outside the Baseline set are the usual container escapes: `SYS_ADMIN` is "the new
root" (mount, namespaces, cgroups), `SYS_MODULE` loads kernel modules, `SYS_PTRACE` reads and
injects into other processes, `DAC_READ_SEARCH` opens any file of the host by handle, `BPF`
and `PERFMON` reach the kernel, and `NET_ADMIN` rewrites the node's network (firewall, routes,
interfaces) when combined with the host network. `ALL` is all of them at once.

## Example
```yaml
containers:
  - name: vpn
    image: registry.example.com/vpn:1.4.0
    securityContext:
      capabilities:
        add: ["NET_ADMIN", "SYS_MODULE"]
```

## Fix
Remove the capability, or move the privileged part into a narrowly scoped node agent. When a
workload truly needs one (a CNI plugin needs `NET_ADMIN`), keep it in a dedicated namespace and
suppress with `seawall.dev/ignore: KS204` and a reason.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- https://man7.org/linux/man-pages/man7/capabilities.7.html
"""

import dataclasses
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView, capability_names
from seawall.policy.pss.checks.capabilities import BASELINE_ALLOWED_1_0

RULE = Rule(
    code="KS204",
    name="dangerous-capability-added",
    severity=Severity.HIGH,
    category="security",
    summary="A container adds a Linux capability beyond the Baseline set",
    targets=("pod-spec",),
    equivalents=(
        "KSV005",
        "KSV022",
        "CKV_K8S_39",
        "CKV_K8S_25",
        "polaris:dangerousCapabilities",
        "kubesec:CapSysAdmin",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)

# the container runtime's default set, exactly as Pod Security's Baseline level allows it
BASELINE_ALLOWED = BASELINE_ALLOWED_1_0

_WHY = {
    "ALL": "every capability, as good as privileged",
    "SYS_ADMIN": "mounts, namespaces and cgroups: effectively root on the node",
    "SYS_MODULE": "loads kernel modules",
    "SYS_PTRACE": "traces and injects code into other processes",
    "SYS_RAWIO": "raw access to devices and I/O ports",
    "SYS_BOOT": "reboots the node",
    "DAC_READ_SEARCH": "opens any file by handle, a known escape",
    "BPF": "loads eBPF programs into the kernel",
    "PERFMON": "kernel performance monitoring and tracing",
    "NET_ADMIN": "reconfigures interfaces, routes and firewall rules",
    "NET_RAW": "raw sockets: packet forging and spoofing",
}
# outside the Baseline set but with a narrower reach: reported at medium severity
_NARROWER = {
    "IPC_LOCK": "locks memory, so it can pin the node's RAM",
    "SYS_TIME": "sets the node's clock",
    "SYS_NICE": "raises its own priority over other workloads",
    "SYS_RESOURCE": "overrides resource limits",
}


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        capabilities = container.security_context.get("capabilities")
        if not isinstance(capabilities, dict):
            continue
        added = capabilities.get("add")
        for index, item in enumerate(added if isinstance(added, list) else []):
            names = capability_names([item])
            if not names or names[0] in BASELINE_ALLOWED:
                continue
            name = names[0]
            why = _WHY.get(name) or _NARROWER.get(
                name, "not in the Pod Security Standards' Baseline set"
            )
            finding = container.finding(
                RULE,
                f"{container.label} adds capability {name} ({why}); remove it or isolate the "
                "workload and suppress with a reason",
                "securityContext",
                "capabilities",
                "add",
                index,
                at_value=True,
            )
            if name not in _WHY:
                finding = dataclasses.replace(finding, severity=Severity.MEDIUM)
            yield finding
