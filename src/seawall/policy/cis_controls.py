"""CIS Kubernetes Benchmark v1.9 controls of sections 1-4 (control plane, etcd, control-plane
configuration, worker nodes): number, title, whether a static scan of the cluster's
configuration files (kubeadm configuration, KubeletConfiguration, KubeProxyConfiguration,
control-plane static pod manifests) can decide it, and the seawall rules that do.

Controls about file permissions and ownership on the node, or about how the cluster is used,
need a live node (``LIVE``) or a human (``MANUAL``). Titles are the benchmark's, shortened of
their "(Automated)/(Manual)" suffix, which ``automated`` keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

BENCHMARK = "CIS Kubernetes Benchmark v1.9"


class Decidable(StrEnum):
    STATIC = "static"  # decided from the configuration files
    LIVE = "live"  # needs the running node (file modes, owners, processes)
    MANUAL = "manual"  # needs a human review


@dataclass(frozen=True, slots=True)
class Control:
    number: str
    title: str
    automated: bool
    decidable: Decidable
    rules: tuple[str, ...] = ()


S, N, H = Decidable.STATIC, Decidable.LIVE, Decidable.MANUAL

_FILES = [
    ("1.1.1", "API server pod specification file permissions are set to 600 or more restrictive"),
    ("1.1.2", "API server pod specification file ownership is set to root:root"),
    (
        "1.1.3",
        "controller manager pod specification file permissions are set to 600 or more restrictive",
    ),
    ("1.1.4", "controller manager pod specification file ownership is set to root:root"),
    ("1.1.5", "scheduler pod specification file permissions are set to 600 or more restrictive"),
    ("1.1.6", "scheduler pod specification file ownership is set to root:root"),
    ("1.1.7", "etcd pod specification file permissions are set to 600 or more restrictive"),
    ("1.1.8", "etcd pod specification file ownership is set to root:root"),
    ("1.1.9", "Container Network Interface file permissions are set to 600 or more restrictive"),
    ("1.1.10", "Container Network Interface file ownership is set to root:root"),
    ("1.1.11", "etcd data directory permissions are set to 700 or more restrictive"),
    ("1.1.12", "etcd data directory ownership is set to etcd:etcd"),
    ("1.1.13", "default administrative credential file permissions are set to 600"),
    ("1.1.14", "default administrative credential file ownership is set to root:root"),
    ("1.1.15", "scheduler.conf file permissions are set to 600 or more restrictive"),
    ("1.1.16", "scheduler.conf file ownership is set to root:root"),
    ("1.1.17", "controller-manager.conf file permissions are set to 600 or more restrictive"),
    ("1.1.18", "controller-manager.conf file ownership is set to root:root"),
    ("1.1.19", "Kubernetes PKI directory and file ownership is set to root:root"),
    ("1.1.20", "Kubernetes PKI certificate file permissions are set to 600 or more restrictive"),
    ("1.1.21", "Kubernetes PKI key file permissions are set to 600"),
    ("4.1.1", "kubelet service file permissions are set to 600 or more restrictive"),
    ("4.1.2", "kubelet service file ownership is set to root:root"),
    (
        "4.1.3",
        "If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive",
    ),
    ("4.1.4", "If proxy kubeconfig file exists ensure ownership is set to root:root"),
    ("4.1.5", "--kubeconfig kubelet.conf file permissions are set to 600 or more restrictive"),
    ("4.1.6", "--kubeconfig kubelet.conf file ownership is set to root:root"),
    ("4.1.7", "certificate authorities file permissions are set to 600 or more restrictive"),
    ("4.1.8", "client certificate authorities file ownership is set to root:root"),
    ("4.1.9", "kubelet config.yaml configuration file permissions set to 600 or more restrictive"),
    ("4.1.10", "kubelet config.yaml configuration file ownership is set to root:root"),
]
_MANUAL_FILE_CHECKS = {"1.1.9", "1.1.10", "1.1.20", "1.1.21", "4.1.3", "4.1.4", "4.1.7", "4.1.8"}

# (number, title, automated, decidable, rules)
_SETTINGS: list[tuple[str, str, bool, Decidable, tuple[str, ...]]] = [
    ("1.2.1", "--anonymous-auth argument is set to false", False, S, ("KC112",)),
    ("1.2.2", "--token-auth-file parameter is not set", True, S, ("KC112",)),
    ("1.2.3", "--DenyServiceExternalIPs is set", False, S, ()),
    (
        "1.2.4",
        "--kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate",
        True,
        S,
        ("KC107",),
    ),
    (
        "1.2.5",
        "--kubelet-certificate-authority argument is set as appropriate",
        True,
        S,
        ("KC107",),
    ),
    ("1.2.6", "--authorization-mode argument is not set to AlwaysAllow", True, S, ("KC105",)),
    ("1.2.7", "--authorization-mode argument includes Node", True, S, ("KC105",)),
    ("1.2.8", "--authorization-mode argument includes RBAC", True, S, ("KC105",)),
    ("1.2.9", "admission control plugin EventRateLimit is set", False, S, ()),
    ("1.2.10", "admission control plugin AlwaysAdmit is not set", True, S, ("KC106",)),
    ("1.2.11", "admission control plugin AlwaysPullImages is set", False, S, ()),
    ("1.2.12", "admission control plugin ServiceAccount is set", True, S, ("KC106",)),
    ("1.2.13", "admission control plugin NamespaceLifecycle is set", True, S, ("KC106",)),
    ("1.2.14", "admission control plugin NodeRestriction is set", True, S, ("KC106",)),
    ("1.2.15", "--profiling argument is set to false", True, S, ("KC102",)),
    ("1.2.16", "--audit-log-path argument is set", True, S, ("KC103",)),
    ("1.2.17", "--audit-log-maxage argument is set to 30 or as appropriate", True, S, ("KC103",)),
    (
        "1.2.18",
        "--audit-log-maxbackup argument is set to 10 or as appropriate",
        True,
        S,
        ("KC103",),
    ),
    ("1.2.19", "--audit-log-maxsize argument is set to 100 or as appropriate", True, S, ("KC103",)),
    ("1.2.20", "--request-timeout argument is set as appropriate", False, H, ()),
    ("1.2.21", "--service-account-lookup argument is set to true", True, S, ("KC108",)),
    ("1.2.22", "--service-account-key-file argument is set as appropriate", True, S, ("KC108",)),
    (
        "1.2.23",
        "--etcd-certfile and --etcd-keyfile arguments are set as appropriate",
        True,
        S,
        ("KC107",),
    ),
    (
        "1.2.24",
        "--tls-cert-file and --tls-private-key-file arguments are set as appropriate",
        True,
        S,
        ("KC107",),
    ),
    ("1.2.25", "--client-ca-file argument is set as appropriate", True, S, ("KC107",)),
    ("1.2.26", "--etcd-cafile argument is set as appropriate", True, S, ("KC107",)),
    ("1.2.27", "--encryption-provider-config argument is set as appropriate", False, S, ("KC109",)),
    ("1.2.28", "encryption providers are appropriately configured", False, S, ("KC115",)),
    ("1.2.29", "API Server only makes use of Strong Cryptographic Ciphers", False, S, ("KC104",)),
    ("1.3.1", "--terminated-pod-gc-threshold argument is set as appropriate", False, S, ("KC114",)),
    ("1.3.2", "--profiling argument is set to false", True, S, ("KC102",)),
    ("1.3.3", "--use-service-account-credentials argument is set to true", True, S, ("KC110",)),
    (
        "1.3.4",
        "--service-account-private-key-file argument is set as appropriate",
        True,
        S,
        ("KC110",),
    ),
    ("1.3.5", "--root-ca-file argument is set as appropriate", True, S, ("KC110",)),
    ("1.3.6", "RotateKubeletServerCertificate argument is set to true", True, S, ("KC110",)),
    ("1.3.7", "--bind-address argument is set to 127.0.0.1", True, S, ("KC101",)),
    ("1.4.1", "--profiling argument is set to false", True, S, ("KC102",)),
    ("1.4.2", "--bind-address argument is set to 127.0.0.1", True, S, ("KC101",)),
    ("2.1", "--cert-file and --key-file arguments are set as appropriate", True, S, ("KC111",)),
    ("2.2", "--client-cert-auth argument is set to true", True, S, ("KC111",)),
    ("2.3", "--auto-tls argument is not set to true", True, S, ("KC111",)),
    (
        "2.4",
        "--peer-cert-file and --peer-key-file arguments are set as appropriate",
        True,
        S,
        ("KC111",),
    ),
    ("2.5", "--peer-client-cert-auth argument is set to true", True, S, ("KC111",)),
    ("2.6", "--peer-auto-tls argument is not set to true", True, S, ("KC111",)),
    ("2.7", "a unique Certificate Authority is used for etcd", False, N, ()),
    ("3.1.1", "Client certificate authentication should not be used for users", False, H, ()),
    ("3.1.2", "Service account token authentication should not be used for users", False, H, ()),
    ("3.1.3", "Bootstrap token authentication should not be used for users", False, H, ()),
    ("3.2.1", "a minimal audit policy is created", False, S, ("KC103",)),
    ("3.2.2", "the audit policy covers key security concerns", False, H, ()),
    ("4.2.1", "--anonymous-auth argument is set to false", True, S, ("KC201",)),
    ("4.2.2", "--authorization-mode argument is not set to AlwaysAllow", True, S, ("KC201",)),
    ("4.2.3", "--client-ca-file argument is set as appropriate", True, S, ("KC205",)),
    ("4.2.4", "--read-only-port argument is set to 0", False, S, ("KC202",)),
    ("4.2.5", "--streaming-connection-idle-timeout argument is not set to 0", False, S, ()),
    ("4.2.6", "--make-iptables-util-chains argument is set to true", True, S, ("KC206",)),
    ("4.2.7", "--hostname-override argument is not set", False, S, ()),
    (
        "4.2.8",
        "eventRecordQPS argument is set to a level which ensures appropriate event capture",
        False,
        S,
        ("KC203",),
    ),
    (
        "4.2.9",
        "--tls-cert-file and --tls-private-key-file arguments are set as appropriate",
        False,
        S,
        (),
    ),
    ("4.2.10", "--rotate-certificates argument is not set to false", True, S, ("KC204",)),
    ("4.2.11", "RotateKubeletServerCertificate argument is set to true", False, S, ()),
    ("4.2.12", "Kubelet only makes use of Strong Cryptographic Ciphers", False, S, ("KC104",)),
    ("4.2.13", "a limit is set on pod PIDs", False, S, ()),
    ("4.3.1", "kube-proxy metrics service is bound to localhost", True, S, ("KC301",)),
]


def _ensure(title: str) -> str:
    """The benchmark's wording: "Ensure that the X ..." unless the title brings its own article."""
    if title.startswith("If "):
        return title
    if title.startswith(("a ", "an ", "the ")):
        return "Ensure that " + title
    return "Ensure that the " + title


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


CONTROLS: tuple[Control, ...] = tuple(
    sorted(
        [
            Control(
                n,
                _ensure(t),
                n not in _MANUAL_FILE_CHECKS,
                N,
            )
            for n, t in _FILES
        ]
        + [Control(n, _ensure(t), a, d, r) for n, t, a, d, r in _SETTINGS],
        key=lambda c: _key(c.number),
    )
)


def control(number: str) -> Control | None:
    for item in CONTROLS:
        if item.number == number:
            return item
    return None
