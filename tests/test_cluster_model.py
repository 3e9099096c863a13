"""The unified view of component flags: kubeadm v1beta3 maps, v1beta4 lists, static pods."""

from __future__ import annotations

from pathlib import Path

from seawall.engine.load import InputReporter
from seawall.engine.run import ScanOptions, load_workspace
from seawall.model.cluster import (
    APISERVER,
    KUBELET,
    component_args,
    flags_from_words,
    host_of,
    is_loopback,
    is_unspecified,
)
from seawall.policy.cis_controls import CONTROLS, Decidable, control
from seawall.policy.kubeadm_schema import did_you_mean, places_of, schema_for

CONFIG = """\
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    profiling: "false"
    audit-log-path: /var/log/audit.log
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
apiServer:
  extraArgs:
    - name: profiling
      value: "true"
    - name: profiling
      value: "false"
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
nodeRegistration:
  kubeletExtraArgs:
    - name: read-only-port
      value: "0"
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command: [kube-apiserver, --profiling, "false", --audit-log-path=/var/log/a.log, --v]
"""


def _views(tmp_path: Path) -> list[object]:
    (tmp_path / "cluster.yaml").write_text(CONFIG, encoding="utf-8")

    workspace = load_workspace(["cluster.yaml"], ScanOptions(), InputReporter({}), cwd=tmp_path)
    return [*[r for r in workspace.resources if r.is_config], *workspace.pod_specs]


def test_flags_from_every_shape(tmp_path: Path) -> None:
    v1beta3, v1beta4, init, pod = _views(tmp_path)
    (a3,) = component_args(v1beta3)  # type: ignore[arg-type]
    assert a3.component == APISERVER
    assert a3.get("profiling") is not None and a3.get("profiling").value == "false"  # type: ignore[union-attr]
    assert a3.get("audit-log-path").path == ("apiServer", "extraArgs", "audit-log-path")  # type: ignore[union-attr]
    (a4,) = component_args(v1beta4)  # type: ignore[arg-type]
    flag = a4.get("profiling")
    assert flag is not None and flag.value == "false"  # the last one wins
    assert flag.value_path == ("apiServer", "extraArgs", 1, "value")
    assert len(a4.all("profiling")) == 2
    (kubelet,) = component_args(init)  # type: ignore[arg-type]
    assert kubelet.component == KUBELET and kubelet.get("read-only-port").value == "0"  # type: ignore[union-attr]
    (static,) = component_args(pod)  # type: ignore[arg-type]
    assert static.component == APISERVER
    assert static.get("profiling").value == "false"  # type: ignore[union-attr]
    assert static.get("audit-log-path").value == "/var/log/a.log"  # type: ignore[union-attr]
    assert static.get("v").value == "true"  # type: ignore[union-attr]


def test_flags_from_words() -> None:
    flags = flags_from_words(["etcd", "--a=1", "--b", "2", "--c"], ("command",))
    assert [(f.name, f.value, f.value_path) for f in flags] == [
        ("a", "1", ("command", 1)),
        ("b", "2", ("command", 3)),
        ("c", "true", ("command", 4)),
    ]


def test_addresses() -> None:
    assert host_of("http://127.0.0.1:2381") == "127.0.0.1"
    assert host_of("[::1]:10249") == "::1"
    assert is_loopback("127.0.0.1:10249") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0:10249") and not is_loopback(":10249")
    assert is_unspecified(":10249") and is_unspecified("::") and is_unspecified("0.0.0.0")


def test_schema_lookup_and_suggestions() -> None:
    tree = schema_for("kubeadm.k8s.io/v1beta3", "KubeletConfiguration")
    assert tree is not None and "protectKernelDefaults" in tree.fields
    assert schema_for("kubeadm.k8s.io/v1beta2", "ClusterConfiguration") is None
    assert did_you_mean("serviceSubnett", ["serviceSubnet", "podSubnet"]) == "serviceSubnet"
    assert did_you_mean("zzz", ["serviceSubnet"]) is None
    places = places_of("advertiseAddress", "kubeadm.k8s.io/v1beta3", "ClusterConfiguration")
    assert ("InitConfiguration", ("localAPIEndpoint", "advertiseAddress")) in places


def test_cis_table() -> None:
    numbers = [c.number for c in CONTROLS]
    assert len(numbers) == len(set(numbers))
    assert control("1.1.1") is not None and control("1.1.1").decidable is Decidable.LIVE  # type: ignore[union-attr]
    assert control("1.3.7").rules == ("KC101",)  # type: ignore[union-attr]
    assert control("4.3.1") is not None
