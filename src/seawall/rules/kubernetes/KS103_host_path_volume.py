"""A pod mounts a directory or file of the node (hostPath volume).

## What it checks
Every `hostPath` volume of a pod or pod template. The message says which containers mount it,
whether any of them can write to it, and whether the path is one of the well-known sensitive
ones: the container runtime sockets (`docker.sock`, `containerd.sock`, `crio.sock`,
`dockershim.sock`), `/`, `/etc` (and `/etc/kubernetes`), `/proc`, `/sys`, `/dev`, `/boot`,
`/root`, `/run`, `/var/run`, `/var/log`, `/var/lib/kubelet`, `/var/lib/etcd`,
`/var/lib/docker` and `/var/lib/containerd`.

## Why it matters
A hostPath volume ties the pod to one node and breaks the container boundary. A writable mount
of a sensitive path, or any mount of a container runtime socket, lets the pod take over the
node: the runtime socket alone is enough to start a privileged container. The Pod Security
Standards' Baseline level forbids hostPath volumes.

## Example
```yaml
volumes:
  - name: docker
    hostPath:
      path: /var/run/docker.sock
```

## Fix
Use `emptyDir`, a `persistentVolumeClaim`, a `configMap`/`secret`, or a CSI driver instead. If a
node agent truly needs the host path, mount it `readOnly: true`, narrow it to the one file it
needs, and suppress with a reason.

## References
- https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- CIS Kubernetes Benchmark 5.2.12
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS103",
    name="host-path-volume",
    severity=Severity.HIGH,
    category="security",
    summary="A pod mounts a path of the node (hostPath volume)",
    targets=("pod-spec",),
    equivalents=(
        "KSV023",
        "KSV121",
        "CKV_K8S_27",
        "KSV006",
        "kube-linter:sensitive-host-mounts",
        "kube-linter:writable-host-mount",
        "kube-linter:docker-sock",
        "polaris:hostPathSet",
        "kubesec:DockerSock",
        "CIS-5.2.12",
    ),
    references=("https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",),
)

_RUNTIME_SOCKETS = frozenset({"docker.sock", "containerd.sock", "crio.sock", "dockershim.sock"})
# most specific first: the message names the first prefix that matches
_SENSITIVE = (
    "/etc/kubernetes",
    "/var/lib/kubelet",
    "/var/lib/etcd",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/log",
    "/var/run",
    "/run",
    "/etc",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/",
)


def _sensitivity(path: str) -> str | None:
    clean = "/" + path.strip().strip("/")
    if clean.rsplit("/", 1)[-1] in _RUNTIME_SOCKETS:
        return "the container runtime socket: whoever holds it can start privileged containers"
    for prefix in _SENSITIVE:
        if clean == prefix or (prefix != "/" and clean.startswith(prefix + "/")):
            return f"a sensitive node path ({prefix})"
    return None


def _mounters(pod: PodSpecView, volume: str) -> tuple[list[str], list[str]]:
    """Names of the containers that mount ``volume`` read-only and writable (each once)."""
    read_only: dict[str, None] = {}
    writable: dict[str, None] = {}
    for container in pod.containers:
        for mount in container.body.get("volumeMounts") or []:
            if isinstance(mount, dict) and mount.get("name") == volume:
                target = read_only if mount.get("readOnly") is True else writable
                target[container.name] = None
    return [n for n in read_only if n not in writable], list(writable)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for index, volume in pod.volumes():
        host = volume.get("hostPath")
        if not isinstance(host, dict):
            continue
        name = str(volume.get("name", f"volumes[{index}]"))
        path = str(host.get("path", ""))
        read_only, writable = _mounters(pod, name)
        message = f'hostPath volume "{name}" mounts `{path or "?"}` from the node'
        sensitive = _sensitivity(path) if path else None
        if sensitive:
            message += f", {sensitive}"
        if writable:
            message += f"; writable by {', '.join(writable)}"
        elif read_only:
            message += f"; read-only in {', '.join(read_only)}"
        else:
            message += "; no container mounts it"
        yield pod.finding(
            RULE,
            message + "; use an emptyDir, a PersistentVolumeClaim or a CSI volume instead",
            "volumes",
            index,
            "hostPath",
        )
