"""An API server serving flag has a value that stops it from starting.

## What it checks
kube-apiserver flags from a kubeadm `ClusterConfiguration` or a static pod manifest:
`--secure-port` set to `0` or to something that is not a port number (1-65535), and
`--request-timeout` that is not a Go duration (`60s`, `1m30s`, `2h`).

## Why it matters
Since Kubernetes 1.12 the secure port cannot be switched off, and the insecure port is gone:
`--secure-port=0` is rejected at start and the control plane never comes up. A timeout that does
not parse (`60`, `1 minute`) is a flag parse error with the same result, found only on the node
by reading the static pod's logs.

## Example
```yaml
apiServer:
  extraArgs:
    secure-port: "0"
    request-timeout: "300"     # no unit
```

## Fix
Remove `secure-port` (the default is 6443) or set the port clients use; write the timeout with a
unit (`request-timeout: 300s`), or leave the default of `1m0s`.

## References
- https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
- https://pkg.go.dev/time#ParseDuration
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC113",
    name="apiserver-serving-flags",
    severity=Severity.HIGH,
    category="correctness",
    summary="An API server serving flag has a value that stops it from starting",
    targets=("config", "pod-spec"),
    equivalents=("CKV_K8S_89", "CKV_K8S_95"),
    references=(
        "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
    ),
)

# Go's time.ParseDuration: an optional sign, then one or more decimal numbers with a unit,
# or a bare 0.
_GO_DURATION = re.compile(r"^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$")


def is_duration(text: str) -> bool:
    return bool(_GO_DURATION.match(text.strip()))


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        port = args.get("secure-port")
        if port is not None and not _is_port(port.value):
            yield args.finding(
                RULE,
                f"kube-apiserver --secure-port={port.value or '<empty>'}: the secure port cannot "
                "be switched off (and there is no insecure port), so the API server does not "
                "start; remove the flag (default 6443) or set a port from 1 to 65535",
                port,
                at_value=True,
            )
        timeout = args.get("request-timeout")
        if timeout is not None and not is_duration(timeout.value):
            yield args.finding(
                RULE,
                f"kube-apiserver --request-timeout={timeout.value or '<empty>'} is not a "
                "duration: the API server exits with a flag parse error; write it with a unit "
                "(e.g. 60s, 5m)",
                timeout,
                at_value=True,
            )


def _is_port(text: str) -> bool:
    value = text.strip()
    return value.isdigit() and 1 <= int(value) <= 65535
