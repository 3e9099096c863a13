"""Component command-line flags, wherever a cluster configuration writes them.

The same flag (``--profiling=false``, ``--bind-address``) can be written in four shapes:

- kubeadm ``v1beta3`` (and older): ``extraArgs`` / ``kubeletExtraArgs`` is a map of flag name
  (without dashes) to value;
- kubeadm ``v1beta4``: a list of ``{name, value}`` pairs, duplicates allowed;
- a control-plane static pod (``/etc/kubernetes/manifests/kube-apiserver.yaml`` …): the
  container's ``command`` and ``args`` words, ``--flag=value`` or ``--flag value``.

``component_args`` turns each into one ``ComponentArgs``: the component, the flags in order, and
for every flag the document path of where it was written, so that a rule reports at the flag
itself. Rules ask ``args.get("profiling")`` and never care which shape it came from.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.model.located import Located
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.parse.yaml import Path, YList, YMap

APISERVER = "kube-apiserver"
CONTROLLER_MANAGER = "kube-controller-manager"
SCHEDULER = "kube-scheduler"
ETCD = "etcd"
KUBELET = "kubelet"

CONTROL_PLANE = (APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD)

# ClusterConfiguration field -> component it configures
_CLUSTER_COMPONENTS: tuple[tuple[Path, str], ...] = (
    (("apiServer",), APISERVER),
    (("controllerManager",), CONTROLLER_MANAGER),
    (("scheduler",), SCHEDULER),
    (("etcd", "local"), ETCD),
)
_NODE_KINDS = ("InitConfiguration", "JoinConfiguration")


@dataclass(frozen=True, slots=True)
class Flag:
    """One flag as written. ``path`` leads to the flag (map key, list item or command word),
    ``value_path`` to its value (the same word for ``--name=value`` in a command)."""

    name: str
    value: str
    path: Path
    value_path: Path
    in_command: bool = False

    @property
    def values(self) -> list[str]:
        """The comma-separated items of a list-valued flag (admission plugins, cipher suites)."""
        return [v.strip() for v in self.value.split(",") if v.strip()]


@dataclass(frozen=True, slots=True)
class Mount:
    """A host path made available to a component: a kubeadm ``extraVolumes`` entry, or a
    static pod's ``hostPath`` volume mounted into the component's container."""

    host_path: str
    mount_path: str


@dataclass(frozen=True, slots=True)
class ComponentArgs:
    """The flags of one component in one file. ``owner`` reports; ``args_path`` is where flags
    are (or would be) written, for findings about a flag that is missing."""

    component: str
    owner: Located
    args_path: Path
    flags: tuple[Flag, ...]
    mounts: tuple[Mount, ...] = ()
    mounts_path: Path | None = None
    kubeadm_api: str | None = None

    def get(self, name: str) -> Flag | None:
        """The effective flag ``name`` (the last one written wins, as on a command line)."""
        found = None
        for flag in self.flags:
            if flag.name == name:
                found = flag
        return found

    def all(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    def finding(
        self, rule: Rule, message: str, flag: Flag | None, *, at_value: bool = False
    ) -> Finding:
        """A finding at ``flag`` (its value with ``at_value``), or at the argument list when the
        flag is missing."""
        if flag is None:
            return self.owner.finding_at(rule, message, self.args_path)
        path = flag.value_path if at_value else flag.path
        return self.owner.finding_at(rule, message, path, at_value=at_value and not flag.in_command)

    @property
    def where(self) -> str:
        """How the message names the place flags go: ``apiServer.extraArgs`` or ``command``."""
        if self.kubeadm_api is None:
            return f"the {self.component} static pod command"
        return ".".join(str(p) for p in self.args_path)


def _flags_from_args(value: Any, base: Path) -> list[Flag]:
    """``extraArgs`` in either kubeadm shape: a map (v1beta3) or a list of {name, value}."""
    flags: list[Flag] = []
    if isinstance(value, YMap):
        for key, val in value.items():
            name = str(key).lstrip("-")
            flags.append(Flag(name, _text(val), (*base, key), (*base, key)))
    elif isinstance(value, YList):
        for index, item in enumerate(value):
            if isinstance(item, YMap) and "name" in item:
                name = str(item.get("name")).lstrip("-")
                flags.append(
                    Flag(
                        name,
                        _text(item.get("value")),
                        (*base, index, "name"),
                        (*base, index, "value"),
                    )
                )
    return flags


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flags_from_words(words: Any, base: Path) -> list[Flag]:
    """Flags of a command or args list: ``--name=value``, ``--name value`` or a bare ``--name``."""
    flags: list[Flag] = []
    if not isinstance(words, list):
        return flags
    index = 0
    while index < len(words):
        word = words[index]
        if isinstance(word, str) and word.startswith("-") and word != "-":
            body = word.lstrip("-")
            path = (*base, index)
            if "=" in body:
                name, _, value = body.partition("=")
                flags.append(Flag(name, value, path, path, in_command=True))
            else:
                nxt = words[index + 1] if index + 1 < len(words) else None
                if isinstance(nxt, str) and not nxt.startswith("-"):
                    flags.append(Flag(body, nxt, path, (*base, index + 1), in_command=True))
                    index += 1
                else:
                    flags.append(Flag(body, "true", path, path, in_command=True))
        index += 1
    return flags


def _kubeadm_mounts(volumes: Any) -> tuple[Mount, ...]:
    if not isinstance(volumes, list):
        return ()
    return tuple(
        Mount(str(v.get("hostPath", "")), str(v.get("mountPath", "")))
        for v in volumes
        if isinstance(v, dict)
    )


def kubeadm_component_args(resource: Resource) -> Iterator[ComponentArgs]:
    """Component flags of a kubeadm ClusterConfiguration (control plane) or of the
    ``nodeRegistration.kubeletExtraArgs`` of an Init/JoinConfiguration (kubelet)."""
    if not resource.api_version.startswith("kubeadm.k8s.io/"):
        return
    body = resource.body
    if resource.kind == "ClusterConfiguration":
        for base, component in _CLUSTER_COMPONENTS:
            section: Any = body
            for part in base:
                section = section.get(part) if isinstance(section, dict) else None
            if not isinstance(section, dict):
                continue
            args_path = (*base, "extraArgs")
            yield ComponentArgs(
                component,
                resource,
                args_path,
                tuple(_flags_from_args(section.get("extraArgs"), args_path)),
                _kubeadm_mounts(section.get("extraVolumes")),
                (*base, "extraVolumes"),
                kubeadm_api=resource.api_version,
            )
    elif resource.kind in _NODE_KINDS:
        registration = body.get("nodeRegistration")
        if isinstance(registration, dict):
            args_path = ("nodeRegistration", "kubeletExtraArgs")
            yield ComponentArgs(
                KUBELET,
                resource,
                args_path,
                tuple(_flags_from_args(registration.get("kubeletExtraArgs"), args_path)),
                kubeadm_api=resource.api_version,
            )


def static_pod_component(word: Any, image: Any) -> str | None:
    """Which control-plane component a container runs, from its command or image name."""
    for text in (word, image):
        if not isinstance(text, str):
            continue
        leaf = text.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0]
        if leaf in CONTROL_PLANE:
            return leaf
    return None


def static_pod_args(pod: PodSpecView) -> Iterator[ComponentArgs]:
    """Component flags of the control-plane containers of a (static) pod."""
    host_paths: dict[str, str] = {}
    for _, volume in pod.volumes():
        host = volume.get("hostPath")
        if isinstance(host, dict) and isinstance(volume.get("name"), str):
            host_paths[volume["name"]] = str(host.get("path", ""))
    for container in pod.containers:
        body = container.body
        command = body.get("command")
        first = command[0] if isinstance(command, list) and command else None
        component = static_pod_component(first, body.get("image"))
        if component is None:
            continue
        flags = flags_from_words(command, (*container.path, "command"))
        flags += flags_from_words(body.get("args"), (*container.path, "args"))
        mounts = tuple(
            Mount(host_paths[m["name"]], str(m.get("mountPath", "")))
            for m in body.get("volumeMounts") or ()
            if isinstance(m, dict) and m.get("name") in host_paths
        )
        args_path = (*container.path, "command" if command is not None else "args")
        yield ComponentArgs(
            component,
            pod,
            args_path,
            tuple(flags),
            mounts,
            (*container.path, "volumeMounts"),
        )


def component_args(view: Located) -> list[ComponentArgs]:
    """Every component's flags written in ``view`` (a config Resource or a pod spec)."""
    if isinstance(view, Resource):
        return list(kubeadm_component_args(view))
    if isinstance(view, PodSpecView):
        return list(static_pod_args(view))
    return []


def is_true(value: str) -> bool:
    return value.strip().lower() in {"true", "1", "t", "yes"}


def is_false(value: str) -> bool:
    return value.strip().lower() in {"false", "0", "f", "no"}


def host_of(address: str) -> str:
    """The host of ``host``, ``host:port``, ``[v6]:port`` or a URL, without brackets."""
    text = address.strip()
    if "://" in text:
        text = text.split("://", 1)[1].split("/", 1)[0]
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1:
        return text.split(":", 1)[0]
    return text


def is_loopback(address: str) -> bool:
    """True for ``127.x``, ``::1`` and ``localhost`` (with or without a port or scheme)."""
    host = host_of(address).lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_unspecified(address: str) -> bool:
    """True for an all-interfaces address (``0.0.0.0``, ``::``) or an empty host."""
    host = host_of(address)
    if host == "":
        return True
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class KubeletSetting:
    """A kubelet setting found in a KubeletConfiguration field or a kubelet flag."""

    owner: Located
    path: Path
    value: Any
    flag: Flag | None = None
    args: ComponentArgs | None = None

    def finding(self, rule: Rule, message: str) -> Finding:
        if self.args is not None:
            return self.args.finding(rule, message, self.flag, at_value=True)
        return self.owner.finding_at(rule, message, self.path, at_value=True)


def kubelet_settings(view: Located, field_path: Path, flag_name: str) -> Iterator[KubeletSetting]:
    """The kubelet setting ``field_path`` of a KubeletConfiguration, or the flag ``flag_name``
    in an Init/JoinConfiguration's ``kubeletExtraArgs`` (flags override the file)."""
    if isinstance(view, Resource) and view.kind == "KubeletConfiguration":
        node: Any = view.body
        for part in field_path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            yield KubeletSetting(view, field_path, node)
    for args in component_args(view):
        if args.component == KUBELET:
            flag = args.get(flag_name)
            if flag is not None:
                yield KubeletSetting(view, flag.value_path, flag.value, flag, args)
