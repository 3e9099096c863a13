"""A kubeadm, kubelet or kube-proxy configuration has a field its kind does not define.

## What it checks
Every field of an `InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`,
`ResetConfiguration`, `UpgradeConfiguration` (kubeadm `v1beta3` and `v1beta4`),
`KubeletConfiguration` and `KubeProxyConfiguration` against the fields of its Go API type:
unknown fields (with a "did you mean" for typos), fields written at the wrong place (with the
place they belong, also in another kind, e.g. `apiServer.advertiseAddress` belongs to the
`InitConfiguration`'s `localAPIEndpoint`), and values of the wrong shape (a v1beta3 `extraArgs`
map left in a v1beta4 file, where it is a list of `name`/`value` pairs).

## Why it matters
kubeadm decodes these files leniently: an unknown or misplaced field is dropped with at most a
warning, so the setting the author relied on (the advertise address, a hardening flag) silently
does not apply, and the cluster comes up different from the file under review.

## Example
```yaml
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  advertiseAddress: 10.0.1.10   # belongs to InitConfiguration.localAPIEndpoint
```

## Fix
Move the field to the place the message names, correct its spelling, or convert its shape
(`kubeadm config migrate` converts a whole v1beta3 file to v1beta4).

## References
- https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
- https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta3/
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.parse.yaml import Path
from seawall.policy.kubeadm_schema import (
    FreeMap,
    ListOf,
    Obj,
    Scalar,
    ScalarList,
    api_versions_of,
    did_you_mean,
    places_of,
    schema_for,
    shape_name,
)

RULE = Rule(
    code="KC001",
    name="unknown-config-field",
    severity=Severity.HIGH,
    category="correctness",
    summary="A cluster configuration has a field its kind does not define",
    targets=("config",),
    references=("https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    tree = schema_for(resource.api_version, resource.kind)
    if tree is None:
        return
    served = api_versions_of(resource.kind)
    api = resource.api_version if resource.api_version in served else served[0]
    yield from _walk(resource, api, tree, resource.body, ())


def _walk(resource: Resource, api: str, tree: Obj, value: Any, path: Path) -> Iterator[Finding]:
    for key, child in value.items():
        name = str(key)
        sub = tree.fields.get(name)
        here = (*path, key)
        if sub is None:
            yield resource.finding(RULE, _unknown(resource, api, tree, name, path), *here)
            continue
        problem = _shape_problem(sub, child, api)
        if problem:
            yield resource.finding(RULE, f"`{_dotted(here)}` {problem}", *here)
            continue
        if isinstance(sub, Obj) and isinstance(child, dict):
            yield from _walk(resource, api, sub, child, here)
        elif isinstance(sub, ListOf) and isinstance(child, list):
            for index, item in enumerate(child):
                if isinstance(item, dict):
                    yield from _walk(resource, api, sub.item, item, (*here, index))


def _unknown(resource: Resource, api: str, tree: Obj, name: str, parent: Path) -> str:
    where = f"`{_dotted(parent)}`" if parent else "the top level"
    head = f"`{name}` is not a field of {resource.kind} at {where}"
    guess = did_you_mean(name, [f for f in tree.fields if f not in ("apiVersion", "kind")])
    if guess is not None:
        return f"{head}; did you mean `{guess}`? The misspelt field is ignored"
    places = [p for p in places_of(name, api, resource.kind) if p[1][:-1] != _plain(parent)]
    if places:
        shown = [
            f"`{'.'.join(p)}`" if kind == resource.kind else f"{kind} `{'.'.join(p)}`"
            for kind, p in places[:2]
        ]
        return f"{head} and is ignored there; it belongs at {' or '.join(shown)}"
    return f"{head}; it is ignored (remove it or check the {api} reference)"


def _shape_problem(sub: Any, child: Any, api: str) -> str | None:
    if child is None:
        return None
    ok = {
        Obj: isinstance(child, dict),
        FreeMap: isinstance(child, dict),
        ListOf: isinstance(child, list),
        ScalarList: isinstance(child, list),
        Scalar: not isinstance(child, dict | list),
    }[type(sub)]
    if ok:
        return None
    if isinstance(sub, ListOf) and isinstance(child, dict) and "name" in sub.item.fields:
        return (
            f"is a list of `name`/`value` pairs in {api}, not a map: write "
            "`- name: <flag>` / `value: <value>` items (the map form is v1beta3)"
        )
    if isinstance(sub, FreeMap) and isinstance(child, list):
        return f"is a map of flag names to values in {api}, not a list (the list form is v1beta4)"
    return f"must be {shape_name(sub)} in {api}"


def _plain(path: Path) -> tuple[str, ...]:
    return tuple(p for p in path if isinstance(p, str))


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out
