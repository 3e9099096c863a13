"""Unit tests for the Pod Security evaluator: paths, messages, version boundaries, odd input."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from seawall.policy.pss import (
    CHECKS,
    LATEST,
    Level,
    Violation,
    evaluate,
    parse_policy_version,
)
from seawall.policy.pss.registry import active_checks

B, R = Level.BASELINE, Level.RESTRICTED


def _container(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "image": "registry.k8s.io/pause",
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
        },
    }


def good_pod() -> dict[str, Any]:
    """A pod that passes restricted at every version."""
    return {
        "metadata": {"name": "p"},
        "spec": {
            "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
            "initContainers": [_container("init")],
            "containers": [_container("app"), _container("side")],
        },
    }


def app_sc(pod: dict[str, Any]) -> dict[str, Any]:
    sc: dict[str, Any] = pod["spec"]["containers"][0]["securityContext"]
    return sc


def checks(violations: list[Violation]) -> list[str]:
    return [v.check for v in violations]


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, violations
    return violations[0]


# --------------------------------------------------------------------------- versions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("latest", LATEST),
        ("v1.30", (1, 30)),
        ("1.30", (1, 30)),
        (" v1.0 ", (1, 0)),
        ("v1.99", (1, 99)),
    ],
)
def test_parse_policy_version(text: str, expected: tuple[int, int]) -> None:
    assert parse_policy_version(text) == expected


@pytest.mark.parametrize("text", ["", "v2.0", "v1", "1.030", "v1.x", "Latest", "v1.30.1", "1,30"])
def test_parse_policy_version_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a Pod Security policy version"):
        parse_policy_version(text)


def test_latest_is_the_newest_registered_revision() -> None:
    assert LATEST == (1, 37)
    assert max(r.minimum for c in CHECKS for r in c.revisions) == LATEST


def test_versions_newer_than_latest_evaluate_as_latest() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"]["sysctls"] = [{"name": "net.ipv4.tcp_notsent_lowat"}]
    assert evaluate(pod, B, (1, 36))
    assert evaluate(pod, B, LATEST) == []
    assert evaluate(pod, B, (1, 99)) == []
    assert evaluate(pod, B, (2, 0)) == []


def test_privileged_level_allows_everything() -> None:
    pod = good_pod()
    app_sc(pod)["privileged"] = True
    pod["spec"]["hostNetwork"] = True
    assert evaluate(pod, Level.PRIVILEGED, LATEST) == []
    assert evaluate(pod, Level("privileged"), (1, 0)) == []


def test_good_pod_passes_everywhere() -> None:
    for minor in range(LATEST[1] + 1):
        assert evaluate(good_pod(), R, (1, minor)) == []


def test_order_is_baseline_ids_then_restricted_ids() -> None:
    pod = good_pod()
    app_sc(pod).update(privileged=True, allowPrivilegeEscalation=True, runAsUser=0)
    pod["spec"]["hostPID"] = True
    found = checks(evaluate(pod, R, LATEST))
    assert found == ["hostNamespaces", "privileged", "allowPrivilegeEscalation", "runAsUser"]
    levels = [v.level for v in evaluate(pod, R, LATEST)]
    assert levels == [B, B, R, R]


# --------------------------------------------------------------------------- baseline checks


def test_privileged_path_and_message() -> None:
    pod = good_pod()
    pod["spec"]["containers"][1]["securityContext"]["privileged"] = True
    v = only(evaluate(pod, B, LATEST))
    assert v.check == "privileged"
    assert v.level is B
    assert v.path == ("spec", "containers", 1, "securityContext", "privileged")
    assert v.message == 'container "side" must not set securityContext.privileged=true'
    assert v.fix
    assert v.dotted_path == "spec.containers[1].securityContext.privileged"


def test_privileged_false_is_fine() -> None:
    pod = good_pod()
    app_sc(pod)["privileged"] = False
    assert evaluate(pod, R, LATEST) == []


def test_host_namespaces_one_violation_per_field() -> None:
    pod = good_pod()
    pod["spec"].update(hostNetwork=True, hostPID=True, hostIPC=True)
    found = evaluate(pod, B, (1, 0))
    assert [v.path for v in found] == [
        ("spec", "hostNetwork"),
        ("spec", "hostPID"),
        ("spec", "hostIPC"),
    ]
    assert found[0].message == "pod must not set hostNetwork=true"
    pod["spec"].update(hostNetwork=False, hostPID=False, hostIPC=False)
    assert evaluate(pod, B, (1, 0)) == []


def test_host_path_volume_and_restricted_override() -> None:
    pod = good_pod()
    pod["spec"]["volumes"] = [{"name": "ok", "emptyDir": {}}, {"name": "host", "hostPath": {}}]
    v = only(evaluate(pod, B, LATEST))
    assert (v.check, v.path) == ("hostPathVolumes", ("spec", "volumes", 1, "hostPath"))
    assert '"host"' in v.message
    # restricted replaces hostPathVolumes with restrictedVolumes: reported once
    v = only(evaluate(pod, R, (1, 0)))
    assert (v.check, v.path) == ("restrictedVolumes", ("spec", "volumes", 1, "hostPath"))


def test_host_ports() -> None:
    pod = good_pod()
    app_sc_ports = pod["spec"]["initContainers"][0]
    app_sc_ports["ports"] = [{"containerPort": 80}, {"containerPort": 81, "hostPort": 0}]
    assert evaluate(pod, B, LATEST) == []
    app_sc_ports["ports"].append({"containerPort": 82, "hostPort": 8082})
    v = only(evaluate(pod, B, LATEST))
    assert v.path == ("spec", "initContainers", 0, "ports", 2, "hostPort")
    assert v.message == 'init container "init" must not use hostPort 8082'


def test_capabilities_baseline() -> None:
    pod = good_pod()
    app_sc(pod)["capabilities"] = {"add": ["CHOWN", "NET_RAW", "SYS_ADMIN"]}
    found = evaluate(pod, B, LATEST)
    assert checks(found) == ["capabilities_baseline"] * 2
    assert [v.path[-1] for v in found] == [1, 2]
    assert found[0].message == (
        'container "app" must not include "NET_RAW" in securityContext.capabilities.add'
    )
    # compared verbatim, like upstream
    app_sc(pod)["capabilities"] = {"add": ["CAP_CHOWN"]}
    assert checks(evaluate(pod, B, LATEST)) == ["capabilities_baseline"]


def test_capabilities_baseline_runs_at_restricted_until_its_replacement_exists() -> None:
    pod = good_pod()
    app_sc(pod)["capabilities"] = {"drop": ["ALL"], "add": ["NET_RAW"]}
    assert checks(evaluate(pod, R, (1, 21))) == ["capabilities_baseline"]
    assert checks(evaluate(pod, R, (1, 22))) == ["capabilities_restricted"]


def test_capabilities_restricted() -> None:
    pod = good_pod()
    del app_sc(pod)["capabilities"]
    pod["spec"]["containers"][1]["securityContext"]["capabilities"] = {
        "drop": ["NET_RAW"],
        "add": ["NET_BIND_SERVICE", "CHOWN"],
    }
    assert evaluate(pod, R, (1, 21)) == []
    found = evaluate(pod, R, (1, 22))
    assert [v.path for v in found] == [
        ("spec", "containers", 0, "securityContext", "capabilities", "drop"),
        ("spec", "containers", 1, "securityContext", "capabilities", "drop"),
        ("spec", "containers", 1, "securityContext", "capabilities", "add", 1),
    ]
    assert found[0].message == 'container "app" must set securityContext.capabilities.drop=["ALL"]'


def test_app_armor_annotations_and_fields() -> None:
    pod = good_pod()
    pod["metadata"]["annotations"] = {
        "container.apparmor.security.beta.kubernetes.io/app": "unconfined",
        "container.apparmor.security.beta.kubernetes.io/nosuch": "localhost/x",
        "container.apparmor.security.beta.kubernetes.io/side": "runtime/default",
        "container.apparmor.security.beta.kubernetes.io/init": "",
    }
    v = only(evaluate(pod, B, (1, 0)))
    assert v.check == "appArmorProfile"
    assert v.path == (
        "metadata",
        "annotations",
        "container.apparmor.security.beta.kubernetes.io/app",
    )
    assert (
        v.dotted_path == "metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]"
    )
    pod["metadata"]["annotations"] = {}
    pod["spec"]["securityContext"]["appArmorProfile"] = {"type": "Unconfined"}
    app_sc(pod)["appArmorProfile"] = {"type": "Localhost", "localhostProfile": "x"}
    pod["spec"]["containers"][1]["securityContext"]["appArmorProfile"] = {"type": "Unconfined"}
    found = evaluate(pod, B, LATEST)
    assert [v.path for v in found] == [
        ("spec", "securityContext", "appArmorProfile", "type"),
        ("spec", "containers", 1, "securityContext", "appArmorProfile", "type"),
    ]
    # upstream amended its single v1.0 revision in place, so the fields count at v1.0 too
    assert evaluate(pod, B, (1, 0)) == found


def test_selinux_options() -> None:
    pod = good_pod()
    app_sc(pod)["seLinuxOptions"] = {"type": "container_engine_t", "level": "s0:c1"}
    v = only(evaluate(pod, B, (1, 30)))
    assert v.path == ("spec", "containers", 0, "securityContext", "seLinuxOptions", "type")
    assert evaluate(pod, B, (1, 31)) == []
    pod["spec"]["securityContext"]["seLinuxOptions"] = {"user": "system_u", "role": "r", "type": ""}
    found = evaluate(pod, B, LATEST)
    assert [v.path[-1] for v in found] == ["user", "role"]
    assert found[0].path[:3] == ("spec", "securityContext", "seLinuxOptions")


def test_proc_mount_and_user_namespaces() -> None:
    pod = good_pod()
    app_sc(pod)["procMount"] = "Unmasked"
    pod["spec"]["initContainers"][0]["securityContext"]["procMount"] = "Default"
    v = only(evaluate(pod, B, (1, 0)))
    assert (v.check, v.path[-1]) == ("procMount", "procMount")
    assert v.message == 'container "app" must not set securityContext.procMount to "Unmasked"'
    pod["spec"]["hostUsers"] = False
    assert checks(evaluate(pod, B, (1, 34))) == ["procMount"]
    assert evaluate(pod, B, (1, 35)) == []  # relaxed for user-namespaced pods from v1.35
    # restricted keeps the strict rule via procMount_restricted, which overrides procMount
    assert checks(evaluate(pod, R, (1, 34))) == ["procMount"]
    assert checks(evaluate(pod, R, (1, 35))) == ["procMount_restricted"]
    pod["spec"]["hostUsers"] = True
    assert checks(evaluate(pod, R, LATEST)) == ["procMount_restricted"]
    assert checks(evaluate(pod, B, LATEST)) == ["procMount"]


def test_seccomp_baseline_annotations_before_v1_19_fields_after() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"].pop("seccompProfile")
    pod["metadata"]["annotations"] = {
        "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
        "container.seccomp.security.alpha.kubernetes.io/app": "docker/default",
        "container.seccomp.security.alpha.kubernetes.io/side": "",
        "container.seccomp.security.alpha.kubernetes.io/nosuch": "unconfined",
    }
    found = evaluate(pod, B, (1, 18))
    assert [v.path[-1] for v in found] == [
        "seccomp.security.alpha.kubernetes.io/pod",
        "container.seccomp.security.alpha.kubernetes.io/side",
    ]
    assert evaluate(pod, B, (1, 19)) == []
    del pod["metadata"]["annotations"]
    app_sc(pod)["seccompProfile"] = {"type": "Unconfined"}
    assert evaluate(pod, B, (1, 18)) == []
    v = only(evaluate(pod, B, (1, 19)))
    assert v.path == ("spec", "containers", 0, "securityContext", "seccompProfile", "type")
    assert v.message == (
        'container "app" must not set securityContext.seccompProfile.type to "Unconfined"'
    )


def test_seccomp_restricted_requires_a_profile() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"].pop("seccompProfile")
    app_sc(pod)["seccompProfile"] = {"type": "Localhost", "localhostProfile": "p.json"}
    assert evaluate(pod, R, (1, 18)) == []
    found = evaluate(pod, R, (1, 19))
    assert checks(found) == ["seccompProfile_restricted"] * 2
    assert [v.path[:3] for v in found] == [
        ("spec", "initContainers", 0),
        ("spec", "containers", 1),
    ]
    assert found[0].path[-2:] == ("seccompProfile", "type")
    assert found[0].message.startswith('pod or init container "init" must set')
    pod["spec"]["securityContext"]["seccompProfile"] = {"type": "RuntimeDefault"}
    assert evaluate(pod, R, LATEST) == []


def test_seccomp_restricted_pod_level_invalid_is_reported_once() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"]["seccompProfile"] = {"type": "Unconfined"}
    v = only(evaluate(pod, R, LATEST))
    assert (v.check, v.path) == (
        "seccompProfile_restricted",
        ("spec", "securityContext", "seccompProfile", "type"),
    )
    # at baseline the same field is reported by the baseline check
    assert checks(evaluate(pod, B, LATEST)) == ["seccompProfile_baseline"]


def test_sysctls_safe_set_grows_by_version() -> None:
    boundaries = {
        "kernel.shm_rmid_forced": 0,
        "net.ipv4.ip_local_reserved_ports": 27,
        "net.ipv4.tcp_keepalive_time": 29,
        "net.ipv4.tcp_fin_timeout": 29,
        "net.ipv4.tcp_keepalive_intvl": 29,
        "net.ipv4.tcp_keepalive_probes": 29,
        "net.ipv4.tcp_rmem": 32,
        "net.ipv4.tcp_wmem": 32,
        "net.ipv4.tcp_slow_start_after_idle": 37,
        "net.ipv4.tcp_notsent_lowat": 37,
    }
    for name, minor in boundaries.items():
        pod = good_pod()
        pod["spec"]["securityContext"]["sysctls"] = [{"name": name, "value": "1"}]
        assert evaluate(pod, B, (1, minor)) == [], name
        if minor:
            v = only(evaluate(pod, B, (1, minor - 1)))
            assert v.path == ("spec", "securityContext", "sysctls", 0, "name")
            assert v.message == f'pod must not set sysctl "{name}"'


def test_sysctl_names_compare_verbatim() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"]["sysctls"] = [
        {"name": "net/ipv4/tcp_syncookies"},
        {"value": "1"},
    ]
    assert [v.path[3] for v in evaluate(pod, B, LATEST)] == [0, 1]


def test_windows_host_process() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"]["windowsOptions"] = {"hostProcess": True}
    pod["spec"]["containers"][1]["securityContext"]["windowsOptions"] = {"hostProcess": True}
    found = evaluate(pod, B, (1, 0))
    assert checks(found) == ["windowsHostProcess"] * 2
    assert found[0].path == ("spec", "securityContext", "windowsOptions", "hostProcess")
    assert found[1].path == (
        "spec",
        "containers",
        1,
        "securityContext",
        "windowsOptions",
        "hostProcess",
    )


def test_host_probes_and_lifecycle_from_v1_34() -> None:
    pod = good_pod()
    app = pod["spec"]["containers"][0]
    app["livenessProbe"] = {"httpGet": {"path": "/", "port": 80, "host": ""}}
    app["readinessProbe"] = {"tcpSocket": {"port": 80, "host": "10.0.0.1"}}
    app["lifecycle"] = {"preStop": {"httpGet": {"port": 80, "host": "evil.example"}}}
    assert evaluate(pod, B, (1, 33)) == []
    found = evaluate(pod, B, (1, 34))
    assert checks(found) == ["hostProbesAndHostLifecycle"] * 2
    assert [v.path[3:] for v in found] == [
        ("readinessProbe", "tcpSocket", "host"),
        ("lifecycle", "preStop", "httpGet", "host"),
    ]
    assert "10.0.0.1" in found[0].message


def test_restricted_volumes() -> None:
    pod = good_pod()
    pod["spec"]["volumes"] = [
        {"name": "a", "image": {"reference": "x"}},
        {"name": "b"},  # no source: defaulted to emptyDir by the API server
        {"name": "c", "nfs": {"server": "s", "path": "/"}},
        {"name": "d", "secret": {"secretName": "s"}},
        {"name": "e", "gitRepo": {"repository": "r"}},
        {"name": "f", "someFutureSource": {}},  # unknown field: dropped when decoding
    ]
    found = evaluate(pod, R, (1, 0))
    assert checks(found) == ["restrictedVolumes"] * 2
    assert [v.path for v in found] == [
        ("spec", "volumes", 2, "nfs"),
        ("spec", "volumes", 4, "gitRepo"),
    ]
    assert found[0].message == 'volume "c" must not use the restricted volume type nfs'
    assert evaluate(pod, B, LATEST) == []


def test_allow_privilege_escalation_from_v1_8() -> None:
    pod = good_pod()
    del app_sc(pod)["allowPrivilegeEscalation"]
    pod["spec"]["initContainers"][0]["securityContext"]["allowPrivilegeEscalation"] = True
    assert evaluate(pod, R, (1, 7)) == []
    found = evaluate(pod, R, (1, 8))
    assert [v.path[1:3] for v in found] == [("initContainers", 0), ("containers", 0)]
    assert found[1].message == (
        'container "app" must set securityContext.allowPrivilegeEscalation=false'
    )
    assert found[1].path[-1] == "allowPrivilegeEscalation"


def test_windows_exemptions_from_v1_25() -> None:
    pod = good_pod()
    pod["spec"]["os"] = {"name": "windows"}
    pod["spec"]["securityContext"] = {"runAsNonRoot": True}
    for container in pod["spec"]["containers"] + pod["spec"]["initContainers"]:
        container.pop("securityContext")
    assert sorted(set(checks(evaluate(pod, R, (1, 24))))) == [
        "allowPrivilegeEscalation",
        "capabilities_restricted",
        "seccompProfile_restricted",
    ]
    assert evaluate(pod, R, (1, 25)) == []
    # runAsNonRoot is not exempt on Windows
    pod["spec"]["securityContext"] = {}
    assert set(checks(evaluate(pod, R, LATEST))) == {"runAsNonRoot"}
    # os.name is compared exactly; linux pods get no exemption
    pod["spec"]["os"] = {"name": "linux"}
    assert "allowPrivilegeEscalation" in checks(evaluate(pod, R, LATEST))


def test_windows_exemption_also_drops_overridden_baseline_checks() -> None:
    # Upstream quirk: at restricted the baseline seccomp/capability checks are replaced by
    # restricted ones, which exempt Windows pods, so this passes restricted but not baseline.
    pod = good_pod()
    pod["spec"]["os"] = {"name": "windows"}
    pod["spec"]["securityContext"]["seccompProfile"] = {"type": "Unconfined"}
    app_sc(pod)["capabilities"] = {"add": ["NET_RAW"]}
    assert evaluate(pod, R, LATEST) == []
    assert checks(evaluate(pod, B, LATEST)) == ["capabilities_baseline", "seccompProfile_baseline"]


def test_run_as_non_root() -> None:
    pod = good_pod()
    del pod["spec"]["securityContext"]["runAsNonRoot"]
    app_sc(pod)["runAsNonRoot"] = True
    pod["spec"]["containers"][1]["securityContext"]["runAsNonRoot"] = False
    found = evaluate(pod, R, (1, 0))
    assert checks(found) == ["runAsNonRoot"] * 2
    assert found[0].path == ("spec", "initContainers", 0, "securityContext", "runAsNonRoot")
    assert found[0].message == (
        'pod or init container "init" must set securityContext.runAsNonRoot=true'
    )
    assert found[1].message == 'container "side" must not set securityContext.runAsNonRoot=false'
    pod["spec"]["securityContext"]["runAsNonRoot"] = False
    found = evaluate(pod, R, (1, 0))
    assert [v.path for v in found] == [
        ("spec", "securityContext", "runAsNonRoot"),
        ("spec", "containers", 1, "securityContext", "runAsNonRoot"),
    ]


def test_run_as_user_from_v1_23() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"]["runAsUser"] = 0
    app_sc(pod)["runAsUser"] = 0
    pod["spec"]["containers"][1]["securityContext"]["runAsUser"] = 1000
    assert evaluate(pod, R, (1, 22)) == []
    found = evaluate(pod, R, (1, 23))
    assert [v.path for v in found] == [
        ("spec", "securityContext", "runAsUser"),
        ("spec", "containers", 0, "securityContext", "runAsUser"),
    ]
    assert found[0].message == "pod must not set securityContext.runAsUser=0"


def test_user_namespace_relaxes_run_as_checks_from_v1_35() -> None:
    pod = good_pod()
    pod["spec"]["securityContext"] = {"runAsUser": 0, "seccompProfile": {"type": "RuntimeDefault"}}
    pod["spec"]["hostUsers"] = False
    assert set(checks(evaluate(pod, R, (1, 34)))) == {"runAsNonRoot", "runAsUser"}
    assert evaluate(pod, R, (1, 35)) == []
    pod["spec"]["hostUsers"] = True
    assert set(checks(evaluate(pod, R, LATEST))) == {"runAsNonRoot", "runAsUser"}


def test_ephemeral_containers_are_checked() -> None:
    pod = good_pod()
    pod["spec"]["ephemeralContainers"] = [
        {"name": "debug", "securityContext": {"privileged": True}}
    ]
    found = evaluate(pod, R, LATEST)
    assert {v.path[:3] for v in found} == {("spec", "ephemeralContainers", 0)}
    assert set(checks(found)) == {
        "privileged",
        "allowPrivilegeEscalation",
        "capabilities_restricted",
    }
    assert found[0].message.startswith('ephemeral container "debug"')


def test_pod_template_shape_is_accepted() -> None:
    template = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c"}]}}
    assert checks(evaluate(template, B, LATEST)) == []
    assert set(checks(evaluate(template, R, LATEST))) == {
        "allowPrivilegeEscalation",
        "capabilities_restricted",
        "runAsNonRoot",
        "seccompProfile_restricted",
    }


def test_every_check_is_registered_once_with_increasing_versions() -> None:
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids)) == 19
    for check in CHECKS:
        minimums = [r.minimum for r in check.revisions]
        assert minimums == sorted(set(minimums))
    assert active_checks(Level.PRIVILEGED, LATEST) == ()


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "pod",
    [
        None,
        [],
        "pod",
        42,
        {},
        {"spec": None},
        {"spec": []},
        {"metadata": "x", "spec": {"containers": "nope"}},
        {"spec": {"containers": [None, "c", 3, {"name": 5}]}},
        {"spec": {"containers": {"name": "c"}}},
        {"spec": {"securityContext": "strict", "volumes": [None, "v", {"name": None}]}},
        {"spec": {"containers": [{"securityContext": ["privileged"]}]}},
        {"metadata": {"annotations": ["a"]}, "spec": {"containers": [{"ports": [None, 1]}]}},
        {"metadata": {"annotations": {1: "x", "k": 2}}, "spec": {}},
    ],
)
def test_malformed_pods_do_not_raise(pod: Any) -> None:
    for level in Level:
        for version in [(1, 0), (1, 19), (1, 25), LATEST]:
            result = evaluate(pod, level, version)
            assert isinstance(result, list)


def test_wrongly_typed_fields_count_as_absent() -> None:
    pod = good_pod()
    app_sc(pod).update(privileged="true", runAsUser=False, procMount=None)
    pod["spec"]["hostNetwork"] = "yes"
    pod["spec"]["containers"][1]["ports"] = [{"hostPort": "80"}, {"hostPort": 80.0}]
    pod["spec"]["volumes"] = [{"name": "v", "hostPath": "/etc"}]
    assert evaluate(pod, R, LATEST) == []
    # ...but a requirement that is not met because of a bad type is still a violation
    app_sc(pod)["allowPrivilegeEscalation"] = "false"
    v = only(evaluate(pod, R, LATEST))
    assert v.check == "allowPrivilegeEscalation"


def test_null_fields_are_nil() -> None:
    pod = good_pod()
    app_sc(pod)["capabilities"] = {"drop": ["ALL"], "add": None}
    app_sc(pod)["seLinuxOptions"] = None
    pod["spec"]["volumes"] = [{"name": "v", "hostPath": None, "emptyDir": None}]
    assert evaluate(pod, R, LATEST) == []


_KEYS = [
    "metadata", "spec", "annotations", "containers", "initContainers", "ephemeralContainers",
    "securityContext", "capabilities", "add", "drop", "privileged", "volumes", "hostPath",
    "ports", "hostPort", "seccompProfile", "type", "appArmorProfile", "seLinuxOptions",
    "sysctls", "name", "windowsOptions", "hostProcess", "os", "hostUsers", "livenessProbe",
    "httpGet", "host", "lifecycle", "postStart", "runAsNonRoot", "runAsUser", "procMount",
]  # fmt: skip
_LEAVES: list[Any] = [None, True, False, 0, 1, -1, 8080, 1.5, "", "ALL", "Unconfined", "windows"]


def _random_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 5 or roll < 0.3:
        return rng.choice(_LEAVES)
    if roll < 0.65:
        return {rng.choice(_KEYS): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]


def test_fuzzed_pods_do_not_raise() -> None:
    rng = random.Random(20240607)
    for _ in range(400):
        pod = {"metadata": _random_value(rng, 1), "spec": _random_value(rng, 1)}
        snapshot = copy.deepcopy(pod)
        for level in (B, R):
            for v in evaluate(pod, level, (1, rng.randint(0, LATEST[1] + 2))):
                assert isinstance(v, Violation)
                assert v.path and v.message and v.fix
        assert pod == snapshot  # the input is never modified
