"""A file named in an API server flag is not mounted into its static pod.

## What it checks
kube-apiserver flags that name a file on the host (`--audit-policy-file`, `--audit-log-path`,
`--encryption-provider-config`, `--admission-control-config-file`, webhook and authentication
configuration files): each path must lie under a `mountPath` of the component's
`extraVolumes` (kubeadm) or of a `hostPath` volume mounted into the container (static pod).
kubeadm's own mounts (`/etc/kubernetes/pki`, `/etc/ssl/certs`, `/etc/ca-certificates`,
`/etc/pki`, `/usr/share/ca-certificates`, `/usr/local/share/ca-certificates`) count.

## Why it matters
The API server runs in a container and sees only what is mounted. An unmounted policy or
encryption configuration makes it fail at start; an unmounted audit log path is written inside
the container's own filesystem, where nobody collects it and every restart loses it.

## Example
```yaml
apiServer:
  extraArgs:
    audit-log-path: /var/log/kubernetes/audit/audit.log
  extraVolumes: []            # /var/log/kubernetes/audit is not mounted
```

## Fix
Add an `extraVolumes` entry (`hostPath` and `mountPath` the directory or file, `pathType`
`DirectoryOrCreate` for the log directory, `readOnly: true` for configuration files).

## References
- https://kubernetes.io/docs/reference/setup-tools/kubeadm/control-plane-flags/
- https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#log-backend
"""

from collections.abc import Iterator
from posixpath import normpath

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, ComponentArgs, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC501",
    name="file-flag-not-mounted",
    severity=Severity.HIGH,
    category="correctness",
    summary="A file named in an API server flag is not mounted into its static pod",
    targets=("config", "pod-spec"),
    references=("https://kubernetes.io/docs/reference/setup-tools/kubeadm/control-plane-flags/",),
)

FILE_FLAGS = (
    "audit-policy-file",
    "audit-log-path",
    "encryption-provider-config",
    "admission-control-config-file",
    "audit-webhook-config-file",
    "authentication-token-webhook-config-file",
    "authorization-webhook-config-file",
    "authentication-config",
    "authorization-config",
)
KUBEADM_MOUNTS = (
    "/etc/kubernetes/pki",
    "/etc/ssl/certs",
    "/etc/ca-certificates",
    "/etc/pki",
    "/usr/share/ca-certificates",
    "/usr/local/share/ca-certificates",
)


def _covered(path: str, mounts: list[str]) -> bool:
    target = normpath(path)
    for mount in mounts:
        base = normpath(mount)
        if target == base or target.startswith(base.rstrip("/") + "/"):
            return True
    return False


def _mount_points(args: ComponentArgs) -> list[str]:
    points = [m.mount_path for m in args.mounts if m.mount_path]
    if args.kubeadm_api is not None:
        points.extend(KUBEADM_MOUNTS)
    return points


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        points = _mount_points(args)
        for name in FILE_FLAGS:
            flag = args.get(name)
            if flag is None or not flag.value.startswith("/"):
                continue
            if _covered(flag.value, points):
                continue
            where = "extraVolumes" if args.kubeadm_api is not None else "a hostPath volumeMount"
            if name == "audit-log-path":
                consequence = (
                    "the audit log is written inside the container and lost on every restart"
                )
            else:
                consequence = "kube-apiserver cannot read it and fails to start"
            yield args.finding(
                RULE,
                f"--{name}={flag.value} is not mounted into the kube-apiserver pod: "
                f"{consequence}; add it (or its directory) to {where}",
                flag,
                at_value=True,
            )
