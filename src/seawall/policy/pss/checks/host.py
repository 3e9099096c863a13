"""Baseline checks on host access: namespaces, hostPath volumes, host ports, probe hosts."""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, as_map, get_bool, get_int, get_list, get_map, get_str, quote

_NAMESPACES = ("hostNetwork", "hostPID", "hostIPC")


def host_namespaces_1_0(pod: Pod) -> list[Issue]:
    """hostNetwork, hostPID and hostIPC must be unset or false."""
    return [
        Issue(
            ("spec", field),
            f"pod must not set {field}=true",
            f"Remove spec.{field} or set it to false.",
        )
        for field in _NAMESPACES
        if get_bool(pod.spec, field) is True
    ]


def host_path_volumes_1_0(pod: Pod) -> list[Issue]:
    """No volume may use a hostPath source (an empty ``hostPath: {}`` counts: it is non-nil)."""
    issues: list[Issue] = []
    for index, item in enumerate(get_list(pod.spec, "volumes")):
        volume = as_map(item)
        if get_map(volume, "hostPath") is None:
            continue
        name = get_str(volume, "name") or ""
        issues.append(
            Issue(
                ("spec", "volumes", index, "hostPath"),
                f"volume {quote(name)} must not use a hostPath volume source",
                "Replace the hostPath volume with a persistentVolumeClaim, configMap, secret "
                "or emptyDir volume.",
            )
        )
    return issues


def host_ports_1_0(pod: Pod) -> list[Issue]:
    """Every ports[*].hostPort must be unset or 0 (no range is allowed)."""
    issues: list[Issue] = []
    for container in pod.containers:
        for index, item in enumerate(get_list(container.data, "ports")):
            host_port = get_int(as_map(item), "hostPort")
            if host_port is None or host_port == 0:
                continue
            issues.append(
                Issue(
                    (*container.path, "ports", index, "hostPort"),
                    f"{container.label} must not use hostPort {host_port}",
                    "Remove hostPort and expose the port through a Service instead.",
                )
            )
    return issues


_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_LIFECYCLE = ("postStart", "preStop")
_HANDLERS = ("httpGet", "tcpSocket")


def host_probes_and_lifecycle_1_34(pod: Pod) -> list[Issue]:
    """Probes and lifecycle handlers must not aim httpGet/tcpSocket at another host."""
    issues: list[Issue] = []
    for container in pod.containers:
        handlers: list[tuple[tuple[str, ...], object]] = [
            ((probe,), container.data.get(probe)) for probe in _PROBES
        ]
        lifecycle = get_map(container.data, "lifecycle")
        handlers += [(("lifecycle", hook), get_map(lifecycle, hook)) for hook in _LIFECYCLE]
        for prefix, raw in handlers:
            handler = as_map(raw)
            for kind in _HANDLERS:
                host = get_str(get_map(handler, kind), "host")
                if not host:
                    continue
                where = ".".join((*prefix, kind, "host"))
                issues.append(
                    Issue(
                        (*container.path, *prefix, kind, "host"),
                        f"{container.label} must not set {where} ({quote(host)})",
                        f"Remove {where} so the kubelet probes the pod's own IP.",
                    )
                )
    return issues
