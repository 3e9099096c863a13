"""Field trees of the configuration kinds kubeadm reads, for strict field checking.

Written for seawall from the Go API types (field names are facts):

- kubeadm ``kubeadm.k8s.io/v1beta3`` (Init/Cluster/JoinConfiguration) and ``v1beta4``
  (adds Reset/UpgradeConfiguration, ``extraArgs`` as a list of ``{name, value}``, ``extraEnvs``,
  ``timeouts``, ``dryRun``, ``encryptionAlgorithm``, ``proxy`` …);
- ``kubelet.config.k8s.io/v1beta1`` KubeletConfiguration;
- ``kubeproxy.config.k8s.io/v1alpha1`` KubeProxyConfiguration.

Fields that existed in any supported release are accepted (a field is never reported as unknown
only because the target release is older or newer): the aim is catching typos and misplaced
fields, which kubeadm and the kubelet silently ignore or reject depending on the version.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from typing import Union


@dataclass(frozen=True, slots=True)
class Scalar:
    """A string, number, boolean or duration."""


@dataclass(frozen=True, slots=True)
class FreeMap:
    """A map with free keys (``featureGates``, v1beta3 ``extraArgs``, ``evictionHard``)."""


@dataclass(frozen=True, slots=True)
class ScalarList:
    """A list of strings or numbers."""


@dataclass(frozen=True, slots=True)
class Obj:
    """An object with a fixed set of fields."""

    fields: dict[str, Field]


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list of objects."""

    item: Obj


Field = Union[Scalar, FreeMap, ScalarList, Obj, ListOf]  # noqa: UP007 (recursive alias)

S = Scalar()
M = FreeMap()
L = ScalarList()


def obj(**fields: Field) -> Obj:
    return Obj(fields)


def extend(base: Obj, **fields: Field) -> Obj:
    return Obj({**base.fields, **fields})


def without(base: Obj, *names: str) -> Obj:
    return Obj({k: v for k, v in base.fields.items() if k not in names})


# --------------------------------------------------------------------------- kubeadm, shared

TYPE_META: dict[str, Field] = {"apiVersion": S, "kind": S}

API_ENDPOINT = obj(advertiseAddress=S, bindPort=S)
BOOTSTRAP_TOKEN = obj(token=S, description=S, ttl=S, expires=S, usages=L, groups=L)
TAINTS = ListOf(obj(key=S, value=S, effect=S, timeAdded=S))
HOST_PATH_MOUNT = obj(name=S, hostPath=S, mountPath=S, readOnly=S, pathType=S)
PATCHES = obj(directory=S)
ARGS_V1BETA4 = ListOf(obj(name=S, value=S))
ENV_VARS = ListOf(obj(name=S, value=S, valueFrom=M))
NETWORKING = obj(serviceSubnet=S, podSubnet=S, dnsDomain=S)
EXTERNAL_ETCD = obj(endpoints=L, caFile=S, certFile=S, keyFile=S)
BOOTSTRAP_DISCOVERY = obj(token=S, apiServerEndpoint=S, caCertHashes=L, unsafeSkipCAVerification=S)
FILE_DISCOVERY = obj(kubeConfigPath=S)

# ---- v1beta3

NODE_REGISTRATION_V1BETA3 = obj(
    name=S,
    criSocket=S,
    taints=TAINTS,
    kubeletExtraArgs=M,
    ignorePreflightErrors=L,
    imagePullPolicy=S,
)
COMPONENT_V1BETA3 = obj(extraArgs=M, extraVolumes=ListOf(HOST_PATH_MOUNT))
API_SERVER_V1BETA3 = extend(COMPONENT_V1BETA3, certSANs=L, timeoutForControlPlane=S)
LOCAL_ETCD_V1BETA3 = obj(
    imageRepository=S, imageTag=S, dataDir=S, extraArgs=M, serverCertSANs=L, peerCertSANs=L
)
CLUSTER_V1BETA3 = obj(
    **TYPE_META,
    etcd=obj(local=LOCAL_ETCD_V1BETA3, external=EXTERNAL_ETCD),
    networking=NETWORKING,
    kubernetesVersion=S,
    controlPlaneEndpoint=S,
    apiServer=API_SERVER_V1BETA3,
    controllerManager=COMPONENT_V1BETA3,
    scheduler=COMPONENT_V1BETA3,
    dns=obj(imageRepository=S, imageTag=S),
    certificatesDir=S,
    imageRepository=S,
    featureGates=M,
    clusterName=S,
)
INIT_V1BETA3 = obj(
    **TYPE_META,
    bootstrapTokens=ListOf(BOOTSTRAP_TOKEN),
    nodeRegistration=NODE_REGISTRATION_V1BETA3,
    localAPIEndpoint=API_ENDPOINT,
    certificateKey=S,
    skipPhases=L,
    patches=PATCHES,
)
JOIN_V1BETA3 = obj(
    **TYPE_META,
    nodeRegistration=NODE_REGISTRATION_V1BETA3,
    caCertPath=S,
    discovery=obj(
        bootstrapToken=BOOTSTRAP_DISCOVERY, file=FILE_DISCOVERY, tlsBootstrapToken=S, timeout=S
    ),
    controlPlane=obj(localAPIEndpoint=API_ENDPOINT, certificateKey=S),
    skipPhases=L,
    patches=PATCHES,
)

# ---- v1beta4

TIMEOUTS = obj(
    controlPlaneComponentHealthCheck=S,
    kubeletHealthCheck=S,
    kubernetesAPICall=S,
    etcdAPICall=S,
    tlsBootstrap=S,
    discovery=S,
    upgradeManifests=S,
)
NODE_REGISTRATION_V1BETA4 = extend(
    NODE_REGISTRATION_V1BETA3, kubeletExtraArgs=ARGS_V1BETA4, imagePullSerial=S
)
COMPONENT_V1BETA4 = obj(
    extraArgs=ARGS_V1BETA4, extraVolumes=ListOf(HOST_PATH_MOUNT), extraEnvs=ENV_VARS
)
API_SERVER_V1BETA4 = extend(COMPONENT_V1BETA4, certSANs=L)
LOCAL_ETCD_V1BETA4 = extend(LOCAL_ETCD_V1BETA3, extraArgs=ARGS_V1BETA4, extraEnvs=ENV_VARS)
CLUSTER_V1BETA4 = extend(
    CLUSTER_V1BETA3,
    etcd=obj(local=LOCAL_ETCD_V1BETA4, external=extend(EXTERNAL_ETCD, httpEndpoints=L)),
    apiServer=API_SERVER_V1BETA4,
    controllerManager=COMPONENT_V1BETA4,
    scheduler=COMPONENT_V1BETA4,
    dns=obj(imageRepository=S, imageTag=S, disabled=S),
    proxy=obj(disabled=S),
    encryptionAlgorithm=S,
    certificateValidityPeriod=S,
    caCertificateValidityPeriod=S,
)
INIT_V1BETA4 = extend(
    INIT_V1BETA3, nodeRegistration=NODE_REGISTRATION_V1BETA4, dryRun=S, timeouts=TIMEOUTS
)
JOIN_V1BETA4 = extend(
    JOIN_V1BETA3,
    nodeRegistration=NODE_REGISTRATION_V1BETA4,
    discovery=obj(bootstrapToken=BOOTSTRAP_DISCOVERY, file=FILE_DISCOVERY, tlsBootstrapToken=S),
    dryRun=S,
    timeouts=TIMEOUTS,
)
RESET_V1BETA4 = obj(
    **TYPE_META,
    cleanupTmpDir=S,
    certificatesDir=S,
    criSocket=S,
    dryRun=S,
    force=S,
    ignorePreflightErrors=L,
    skipPhases=L,
    unmountFlags=L,
    timeouts=TIMEOUTS,
)
_UPGRADE_COMMON: dict[str, Field] = {"dryRun": S, "ignorePreflightErrors": L, "etcdUpgrade": S}
UPGRADE_V1BETA4 = obj(
    **TYPE_META,
    apply=obj(
        **_UPGRADE_COMMON,
        kubernetesVersion=S,
        allowExperimentalUpgrades=S,
        allowRCUpgrades=S,
        certificateRenewal=S,
        forceUpgrade=S,
        patches=PATCHES,
        printConfig=S,
        skipPhases=L,
        imagePullPolicy=S,
        imagePullSerial=S,
    ),
    diff=obj(kubernetesVersion=S, contextLines=S),
    node=obj(
        **_UPGRADE_COMMON,
        certificateRenewal=S,
        skipPhases=L,
        patches=PATCHES,
        imagePullPolicy=S,
        imagePullSerial=S,
    ),
    plan=obj(
        **_UPGRADE_COMMON,
        kubernetesVersion=S,
        allowExperimentalUpgrades=S,
        allowRCUpgrades=S,
        printConfig=S,
    ),
    timeouts=TIMEOUTS,
)

# --------------------------------------------------------------------------- kubelet

_KUBELET_SCALARS = [
    "enableServer",
    "staticPodPath",
    "podLogsDir",
    "syncFrequency",
    "fileCheckFrequency",
    "httpCheckFrequency",
    "staticPodURL",
    "address",
    "port",
    "readOnlyPort",
    "tlsCertFile",
    "tlsPrivateKeyFile",
    "tlsMinVersion",
    "rotateCertificates",
    "serverTLSBootstrap",
    "registryPullQPS",
    "registryBurst",
    "imagePullCredentialsVerificationPolicy",
    "eventRecordQPS",
    "eventBurst",
    "enableDebuggingHandlers",
    "enableContentionProfiling",
    "healthzPort",
    "healthzBindAddress",
    "oomScoreAdj",
    "clusterDomain",
    "streamingConnectionIdleTimeout",
    "nodeStatusUpdateFrequency",
    "nodeStatusReportFrequency",
    "nodeLeaseDurationSeconds",
    "imageMinimumGCAge",
    "imageMaximumGCAge",
    "imageGCHighThresholdPercent",
    "imageGCLowThresholdPercent",
    "volumeStatsAggPeriod",
    "kubeletCgroups",
    "systemCgroups",
    "cgroupRoot",
    "cgroupsPerQOS",
    "cgroupDriver",
    "cpuManagerPolicy",
    "singleProcessOOMKill",
    "cpuManagerReconcilePeriod",
    "memoryManagerPolicy",
    "topologyManagerPolicy",
    "topologyManagerScope",
    "runtimeRequestTimeout",
    "hairpinMode",
    "maxPods",
    "podCIDR",
    "podPidsLimit",
    "resolvConf",
    "runOnce",
    "cpuCFSQuota",
    "cpuCFSQuotaPeriod",
    "nodeStatusMaxImages",
    "maxOpenFiles",
    "contentType",
    "kubeAPIQPS",
    "kubeAPIBurst",
    "serializeImagePulls",
    "maxParallelImagePulls",
    "evictionPressureTransitionPeriod",
    "evictionMaxPodGracePeriod",
    "mergeDefaultEvictionSettings",
    "podsPerCore",
    "enableControllerAttachDetach",
    "protectKernelDefaults",
    "makeIPTablesUtilChains",
    "iptablesMasqueradeBit",
    "iptablesDropBit",
    "failSwapOn",
    "containerLogMaxSize",
    "containerLogMaxFiles",
    "containerLogMaxWorkers",
    "containerLogMonitorInterval",
    "configMapAndSecretChangeDetectionStrategy",
    "reservedSystemCPUs",
    "showHiddenMetricsForVersion",
    "systemReservedCgroup",
    "kubeReservedCgroup",
    "volumePluginDir",
    "providerID",
    "kernelMemcgNotification",
    "enableSystemLogHandler",
    "enableSystemLogQuery",
    "shutdownGracePeriod",
    "shutdownGracePeriodCriticalPods",
    "enableProfilingHandler",
    "enableDebugFlagsHandler",
    "seccompDefault",
    "memoryThrottlingFactor",
    "registerNode",
    "localStorageCapacityIsolation",
    "containerRuntimeEndpoint",
    "imageServiceEndpoint",
    "failCgroupV1",
]
_KUBELET_MAPS = [
    "staticPodURLHeader",
    "cpuManagerPolicyOptions",
    "topologyManagerPolicyOptions",
    "qosReserved",
    "evictionHard",
    "evictionSoft",
    "evictionSoftGracePeriod",
    "evictionMinimumReclaim",
    "featureGates",
    "systemReserved",
    "kubeReserved",
    "logging",
    "tracing",
]
_KUBELET_LISTS = [
    "tlsCipherSuites",
    "tlsCurvePreferences",
    "preloadedImagesVerificationAllowlist",
    "clusterDNS",
    "enforceNodeAllocatable",
    "allowedUnsafeSysctls",
]

KUBELET_V1BETA1 = Obj(
    {
        **TYPE_META,
        **dict.fromkeys(_KUBELET_SCALARS, S),
        **dict.fromkeys(_KUBELET_MAPS, M),
        **dict.fromkeys(_KUBELET_LISTS, L),
        "authentication": obj(
            x509=obj(clientCAFile=S),
            webhook=obj(enabled=S, cacheTTL=S),
            anonymous=obj(enabled=S),
        ),
        "authorization": obj(mode=S, webhook=obj(cacheAuthorizedTTL=S, cacheUnauthorizedTTL=S)),
        "memorySwap": obj(swapBehavior=S),
        "shutdownGracePeriodByPodPriority": ListOf(obj(priority=S, shutdownGracePeriodSeconds=S)),
        "crashLoopBackOff": obj(maxContainerRestartPeriod=S),
        "reservedMemory": ListOf(obj(numaNode=S, limits=M)),
        "registerWithTaints": TAINTS,
        "userNamespaces": obj(idsPerPod=S),
    }
)

# --------------------------------------------------------------------------- kube-proxy

_SYNC: dict[str, Field] = {"syncPeriod": S, "minSyncPeriod": S}
KUBE_PROXY_V1ALPHA1 = obj(
    **TYPE_META,
    featureGates=M,
    clientConnection=obj(kubeconfig=S, acceptContentTypes=S, contentType=S, qps=S, burst=S),
    logging=M,
    hostnameOverride=S,
    bindAddress=S,
    healthzBindAddress=S,
    metricsBindAddress=S,
    bindAddressHardFail=S,
    enableProfiling=S,
    showHiddenMetricsForVersion=S,
    mode=S,
    iptables=obj(**_SYNC, masqueradeBit=S, masqueradeAll=S, localhostNodePorts=S),
    ipvs=obj(
        **_SYNC,
        scheduler=S,
        excludeCIDRs=L,
        strictARP=S,
        tcpTimeout=S,
        tcpFinTimeout=S,
        udpTimeout=S,
    ),
    nftables=obj(**_SYNC, masqueradeBit=S, masqueradeAll=S),
    winkernel=obj(
        networkName=S,
        sourceVip=S,
        enableDSR=S,
        rootHnsEndpointName=S,
        forwardHealthCheckVip=S,
    ),
    detectLocalMode=S,
    detectLocal=obj(bridgeInterface=S, interfaceNamePrefix=S),
    clusterCIDR=S,
    nodePortAddresses=L,
    oomScoreAdj=S,
    conntrack=obj(
        max=S,
        maxPerCore=S,
        min=S,
        tcpEstablishedTimeout=S,
        tcpCloseWaitTimeout=S,
        tcpBeLiberal=S,
        udpTimeout=S,
        udpStreamTimeout=S,
    ),
    configSyncPeriod=S,
    portRange=S,
    udpIdleTimeout=S,
)

# --------------------------------------------------------------------------- lookup

KUBEADM = "kubeadm.k8s.io"
KUBELET = "kubelet.config.k8s.io"
KUBE_PROXY = "kubeproxy.config.k8s.io"

SCHEMAS: dict[tuple[str, str], Obj] = {
    (f"{KUBEADM}/v1beta3", "InitConfiguration"): INIT_V1BETA3,
    (f"{KUBEADM}/v1beta3", "ClusterConfiguration"): CLUSTER_V1BETA3,
    (f"{KUBEADM}/v1beta3", "JoinConfiguration"): JOIN_V1BETA3,
    (f"{KUBEADM}/v1beta4", "InitConfiguration"): INIT_V1BETA4,
    (f"{KUBEADM}/v1beta4", "ClusterConfiguration"): CLUSTER_V1BETA4,
    (f"{KUBEADM}/v1beta4", "JoinConfiguration"): JOIN_V1BETA4,
    (f"{KUBEADM}/v1beta4", "ResetConfiguration"): RESET_V1BETA4,
    (f"{KUBEADM}/v1beta4", "UpgradeConfiguration"): UPGRADE_V1BETA4,
    (f"{KUBELET}/v1beta1", "KubeletConfiguration"): KUBELET_V1BETA1,
    (f"{KUBE_PROXY}/v1alpha1", "KubeProxyConfiguration"): KUBE_PROXY_V1ALPHA1,
}

KUBEADM_KINDS = (
    "InitConfiguration",
    "ClusterConfiguration",
    "JoinConfiguration",
    "ResetConfiguration",
    "UpgradeConfiguration",
)

# kubeadm API versions: (deprecated in, removed in) Kubernetes minor releases
KUBEADM_VERSIONS: dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None]] = {
    "v1alpha1": ((1, 11), (1, 12)),
    "v1alpha2": ((1, 12), (1, 13)),
    "v1alpha3": ((1, 13), (1, 14)),
    "v1beta1": ((1, 17), (1, 22)),
    "v1beta2": ((1, 22), (1, 27)),
    "v1beta3": ((1, 31), None),
    "v1beta4": (None, None),
}
LATEST_KUBEADM = f"{KUBEADM}/v1beta4"


def api_versions_of(kind: str) -> list[str]:
    """The apiVersions that serve ``kind`` (newest first)."""
    return sorted((api for api, k in SCHEMAS if k == kind), reverse=True)


def schema_for(api_version: str, kind: str) -> Obj | None:
    """The field tree of ``kind`` under ``api_version``; for a kind written under an apiVersion
    that does not serve it, the tree of its newest real version (fields are checked anyway)."""
    exact = SCHEMAS.get((api_version, kind))
    if exact is not None:
        return exact
    versions = api_versions_of(kind)
    if api_version.startswith(KUBEADM + "/") and kind in KUBEADM_KINDS:
        version = api_version.rpartition("/")[2]
        if version not in ("v1beta3", "v1beta4"):
            return None  # a removed kubeadm API: KC003 reports it, its fields are not ours
    return SCHEMAS[(versions[0], kind)] if versions else None


def field_paths(tree: Obj, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every field path of ``tree`` (list items are transparent)."""
    out: list[tuple[str, ...]] = []
    for name, sub in tree.fields.items():
        path = (*prefix, name)
        out.append(path)
        if isinstance(sub, Obj):
            out.extend(field_paths(sub, path))
        elif isinstance(sub, ListOf):
            out.extend(field_paths(sub.item, path))
    return out


@cache
def _index() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """Field name -> (apiVersion, kind, path) of every place it is a field."""
    index: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for (api, kind), tree in SCHEMAS.items():
        for path in field_paths(tree):
            if len(path) > 0 and path[-1] not in TYPE_META:
                index.setdefault(path[-1], []).append((api, kind, path))
    return index


def places_of(name: str, api_version: str, kind: str) -> list[tuple[str, tuple[str, ...]]]:
    """Where a field ``name`` belongs, as (kind, path): in ``kind`` itself first, then in
    the other kinds of the same API group. One entry per kind and path."""
    group = api_version.rpartition("/")[0]
    same: list[tuple[str, tuple[str, ...]]] = []
    other: list[tuple[str, tuple[str, ...]]] = []
    for api, owner, path in _index().get(name, []):
        if api.rpartition("/")[0] != group:
            continue
        entry = (owner, path)
        target = same if owner == kind else other
        if entry not in target:
            target.append(entry)
    return same + other


def did_you_mean(name: str, candidates: list[str]) -> str | None:
    """The closest candidate to a misspelt field name (case-insensitive), or None."""
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[match[0]] if match else None


def shape_name(tree: Field) -> str:
    if isinstance(tree, Obj):
        return "an object"
    if isinstance(tree, ListOf):
        return "a list of objects"
    if isinstance(tree, FreeMap):
        return "a map"
    if isinstance(tree, ScalarList):
        return "a list"
    return "a single value"
