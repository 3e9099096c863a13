"""Every check with its level and its revisions by policy version, as upstream registers them.

A check applies from the ``minimum`` of its first revision; at a given version the newest
revision whose ``minimum`` is not above it runs. Restricted runs every baseline check too,
except those overridden by a restricted check active at that version (its stricter
replacement); before the replacement exists the baseline check still runs at restricted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from seawall.policy.pss.base import CheckFn
from seawall.policy.pss.checks import (
    apparmor,
    capabilities,
    escalation,
    host,
    privileged,
    procmount,
    seccomp,
    selinux,
    sysctls,
    users,
    volumes,
)
from seawall.policy.pss.model import Level
from seawall.policy.pss.version import Version


@dataclass(frozen=True, slots=True)
class Revision:
    minimum: Version
    run: CheckFn
    overrides: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    level: Level
    revisions: tuple[Revision, ...]

    def revision_at(self, version: Version) -> Revision | None:
        """The revision in force at ``version``; ``None`` before the check exists."""
        found = None
        for revision in self.revisions:
            if revision.minimum <= version:
                found = revision
        return found


def _check(check_id: str, level: Level, *revisions: Revision) -> Check:
    return Check(check_id, level, revisions)


_B, _R = Level.BASELINE, Level.RESTRICTED

CHECKS: tuple[Check, ...] = (
    # ---- baseline ----
    _check("appArmorProfile", _B, Revision((1, 0), apparmor.app_armor_profile_1_0)),
    _check("capabilities_baseline", _B, Revision((1, 0), capabilities.capabilities_baseline_1_0)),
    _check("hostNamespaces", _B, Revision((1, 0), host.host_namespaces_1_0)),
    _check("hostPathVolumes", _B, Revision((1, 0), host.host_path_volumes_1_0)),
    _check("hostPorts", _B, Revision((1, 0), host.host_ports_1_0)),
    _check(
        "hostProbesAndHostLifecycle",
        _B,
        Revision((1, 34), host.host_probes_and_lifecycle_1_34),
    ),
    _check("privileged", _B, Revision((1, 0), privileged.privileged_1_0)),
    _check(
        "procMount",
        _B,
        Revision((1, 0), procmount.proc_mount_1_0),
        Revision((1, 35), procmount.proc_mount_baseline_1_35),
    ),
    _check(
        "seccompProfile_baseline",
        _B,
        Revision((1, 0), seccomp.seccomp_baseline_1_0),
        Revision((1, 19), seccomp.seccomp_baseline_1_19),
    ),
    _check(
        "seLinuxOptions",
        _B,
        Revision((1, 0), selinux.selinux_options_1_0),
        Revision((1, 31), selinux.selinux_options_1_31),
    ),
    _check(
        "sysctls",
        _B,
        Revision((1, 0), sysctls.sysctls_1_0),
        Revision((1, 27), sysctls.sysctls_1_27),
        Revision((1, 29), sysctls.sysctls_1_29),
        Revision((1, 32), sysctls.sysctls_1_32),
        Revision((1, 37), sysctls.sysctls_1_37),
    ),
    _check("windowsHostProcess", _B, Revision((1, 0), privileged.windows_host_process_1_0)),
    # ---- restricted ----
    _check(
        "allowPrivilegeEscalation",
        _R,
        Revision((1, 8), escalation.allow_privilege_escalation_1_8),
        Revision((1, 25), escalation.allow_privilege_escalation_1_25),
    ),
    _check(
        "capabilities_restricted",
        _R,
        Revision((1, 22), capabilities.capabilities_restricted_1_22, ("capabilities_baseline",)),
        Revision((1, 25), capabilities.capabilities_restricted_1_25, ("capabilities_baseline",)),
    ),
    _check(
        "procMount_restricted",
        _R,
        Revision((1, 35), procmount.proc_mount_1_0, ("procMount",)),
    ),
    _check(
        "restrictedVolumes",
        _R,
        Revision((1, 0), volumes.restricted_volumes_1_0, ("hostPathVolumes",)),
    ),
    _check(
        "runAsNonRoot",
        _R,
        Revision((1, 0), users.run_as_non_root_1_0),
        Revision((1, 35), users.run_as_non_root_1_35),
    ),
    _check(
        "runAsUser",
        _R,
        Revision((1, 23), users.run_as_user_1_23),
        Revision((1, 35), users.run_as_user_1_35),
    ),
    _check(
        "seccompProfile_restricted",
        _R,
        Revision((1, 19), seccomp.seccomp_restricted_1_19, ("seccompProfile_baseline",)),
        Revision((1, 25), seccomp.seccomp_restricted_1_25, ("seccompProfile_baseline",)),
    ),
)

CHECKS_BY_ID = {check.id: check for check in CHECKS}

# "latest" is the newest minimum version registered by any check.
MAX_VERSION: Version = max(r.minimum for c in CHECKS for r in c.revisions)


@cache
def active_checks(level: Level, version: Version) -> tuple[tuple[Check, Revision], ...]:
    """The checks (with their revision) that run for ``level`` at ``version``, in upstream's
    order: baseline ids sorted, then restricted ids sorted. ``version`` must already be clamped
    to [v1.0, MAX_VERSION]."""
    if level is Level.PRIVILEGED:
        return ()
    levels = (Level.BASELINE,) if level is Level.BASELINE else (Level.BASELINE, Level.RESTRICTED)
    running: list[tuple[Check, Revision]] = []
    for check in CHECKS:
        revision = check.revision_at(version)
        if check.level in levels and revision is not None:
            running.append((check, revision))
    overridden = {name for _, revision in running for name in revision.overrides}
    running = [(c, r) for c, r in running if c.id not in overridden]
    order = {Level.BASELINE: 0, Level.RESTRICTED: 1}
    running.sort(key=lambda pair: (order[pair[0].level], pair[0].id))
    return tuple(running)
