"""A container can write to its root filesystem.

## What it checks
Containers (init and ephemeral included) whose `securityContext.readOnlyRootFilesystem` is not
`true`: set to `false`, or not set (the default is writable). Windows pods
(`spec.os.name: windows`) are skipped: the field does not apply there. Privileged containers
and containers that add `SYS_ADMIN` are left to KS101 and KS204: they can remount the root
filesystem read-write, so the setting would not protect them.

## Why it matters
A writable root filesystem lets an attacker who gets code execution drop tools, replace
binaries or persist in the container's layer, and lets a bug fill the node's disk. With a
read-only root filesystem the image stays as built; the directories the process really writes
to are declared as volumes and visible in review. It is hardening, not a boundary: low severity.

## Example
```yaml
containers:
  - name: api
    image: registry.example.com/api:3.2.0
```

## Fix
```yaml
containers:
  - name: api
    image: registry.example.com/api:3.2.0
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
```

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView, capability_names
from seawall.parse.yaml import scalar_text

RULE = Rule(
    code="KS205",
    name="writable-root-filesystem",
    severity=Severity.LOW,
    category="security",
    summary="A container can write to its root filesystem",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_22",
        "KSV014",
        "kube-linter:no-read-only-root-fs",
        "polaris:notReadOnlyRootFilesystem",
        "kube-score:container-security-context-readonlyrootfilesystem",
        "kubesec:ReadOnlyRootFilesystem",
    ),
    references=("https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",),
)


def _added(context: dict[str, Any]) -> list[str]:
    capabilities = context.get("capabilities")
    return capability_names(capabilities.get("add") if isinstance(capabilities, dict) else None)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.field("os", "name") == "windows":
        return
    for container in pod.containers:
        context = container.security_context
        if context.get("privileged") is True or "SYS_ADMIN" in _added(context):
            continue  # can remount / read-write: KS101's and KS204's findings
        value = context.get("readOnlyRootFilesystem")
        if value is True:
            continue
        if value is None:
            how = "does not set `readOnlyRootFilesystem: true` (the default is writable)"
        else:
            how = f"sets `readOnlyRootFilesystem: {scalar_text(value)}`"
        yield container.finding(
            RULE,
            f"{container.label} {how}; set it to true and mount an emptyDir where the process "
            "must write",
            "securityContext",
            "readOnlyRootFilesystem",
        )
