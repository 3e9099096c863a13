"""A port name breaks the IANA service-name syntax the API server requires.

## What it checks
Names of container ports, probe ports written as names, and named `targetPort`s of `v1`
Services, against the IANA service-name syntax Kubernetes validates: at most 15 characters,
only lower-case letters, digits and `-`, at least one letter, no `-` at either end and no `--`.
Quoted numbers where a number is also allowed (`targetPort: "8080"`) are left to KV001;
placeholders (`${PORT}`, `{{ ... }}`, a bare `PORT`) are skipped.

## Why it matters
The API server rejects the object: a workload's pods are never created, a Service is not
applied. The 15-character limit is the usual surprise: `metrics-endpoint` (16 characters) or
`http_admin` (underscore) look harmless and pass every YAML check.

## Example
```yaml
ports:
  - name: prometheus-metrics   # 18 characters
    containerPort: 9090
```

## Fix
```yaml
ports:
  - name: metrics
    containerPort: 9090
```
and use the new name wherever a Service `targetPort` or a probe refers to it.

## References
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
- https://www.rfc-editor.org/rfc/rfc6335#section-5.1
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.located import Located
from seawall.model.podspec import PodSpecView
from seawall.model.probes import container_ports, iana_name_problem, is_placeholder, probe_ports
from seawall.model.resource import Resource
from seawall.parse.yaml import PathPart

RULE = Rule(
    code="KR209",
    name="invalid-port-name",
    severity=Severity.HIGH,
    category="correctness",
    summary="A port name breaks the IANA service-name syntax the API server requires",
    targets=("pod-spec", "resource"),
    equivalents=("kube-linter:invalid-target-ports",),
    references=(
        "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
        "https://www.rfc-editor.org/rfc/rfc6335#section-5.1",
    ),
)


def check(view: PodSpecView | Resource, ctx: RuleContext) -> Iterator[Finding]:
    if isinstance(view, PodSpecView):
        yield from _pod(view)
    elif view.kind == "Service" and view.api_version == "v1":
        yield from _service(view)


def _judge(
    view: Located, what: str, name: object, *rel: PathPart, numbers_ok: bool = True
) -> Iterator[Finding]:
    """``numbers_ok``: where a port may also be a number, a quoted number is KV001's."""
    if not isinstance(name, str) or is_placeholder(name):
        return
    if numbers_ok and name.strip().isdigit():
        return
    problem = iana_name_problem(name)
    if problem is not None:
        yield view.finding(
            RULE,
            f'{what} "{name}" {problem}: port names follow the IANA service-name syntax and the '
            "API server rejects the object; rename it (and whatever refers to it)",
            *rel,
            at_value=True,
        )


def _pod(pod: PodSpecView) -> Iterator[Finding]:
    for container in pod.containers:
        for port in container_ports(container):
            what = f"{container.label}'s port name"
            rel = ("ports", port.index, "name")
            yield from _judge(container, what, port.name, *rel, numbers_ok=False)
        for target in probe_ports(container):
            what = f"{container.label}'s {target.field} port"
            yield from _judge(container, what, target.value, *target.rel)


def _service(service: Resource) -> Iterator[Finding]:
    spec = service.body.get("spec")
    ports = spec.get("ports") if isinstance(spec, dict) else None
    for index, item in enumerate(ports if isinstance(ports, list) else []):
        if isinstance(item, dict):
            what = f"{service.kind} {service.name}'s targetPort"
            target = item.get("targetPort")
            yield from _judge(service, what, target, "spec", "ports", index, "targetPort")
