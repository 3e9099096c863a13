"""Sysctls: only the namespaced, pod-isolated "safe" set; the set grows with the policy version."""

from __future__ import annotations

from seawall.policy.pss.base import CheckFn, Issue
from seawall.policy.pss.pod import Pod, as_map, get_list, get_str, quote

SAFE_1_0 = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    }
)
SAFE_1_27 = SAFE_1_0 | {"net.ipv4.ip_local_reserved_ports"}
SAFE_1_29 = SAFE_1_27 | {
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}
SAFE_1_32 = SAFE_1_29 | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
SAFE_1_37 = SAFE_1_32 | {"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"}


def _checker(safe: frozenset[str]) -> CheckFn:
    def check(pod: Pod) -> list[Issue]:
        issues: list[Issue] = []
        for index, item in enumerate(get_list(pod.security_context, "sysctls")):
            sysctl = as_map(item)
            if sysctl is None:
                continue
            # Names are compared verbatim: the slash form (net/ipv4/...) is not in the set.
            name = get_str(sysctl, "name") or ""
            if name in safe:
                continue
            issues.append(
                Issue(
                    ("spec", "securityContext", "sysctls", index, "name"),
                    f"pod must not set sysctl {quote(name)}",
                    "Remove the sysctl; baseline allows only the safe set "
                    "(e.g. net.ipv4.ip_local_port_range, net.ipv4.ping_group_range).",
                )
            )
        return issues

    return check


sysctls_1_0 = _checker(SAFE_1_0)
sysctls_1_27 = _checker(SAFE_1_27)
sysctls_1_29 = _checker(SAFE_1_29)
sysctls_1_32 = _checker(SAFE_1_32)
sysctls_1_37 = _checker(SAFE_1_37)
