"""etcd serves plain-HTTP metrics on every network interface.

## What it checks
etcd's `--listen-metrics-urls` (kubeadm `etcd.local.extraArgs` or the etcd static pod
command): reported for each `http://` URL whose host is not loopback. kubeadm's default is
`http://127.0.0.1:2381`.

## Why it matters
The metrics listener has neither TLS nor authentication. Exposed on all interfaces it reveals
the key-space size, request rates and member health of the cluster's database, and its
`/health` endpoint, to anything that can reach the node.

## Example
```yaml
etcd:
  local:
    extraArgs:
      listen-metrics-urls: http://0.0.0.0:2381
```

## Fix
Keep `http://127.0.0.1:2381`, or serve the metrics over `https://` with client certificates
when a remote Prometheus must scrape etcd.

## References
- https://etcd.io/docs/latest/op-guide/monitoring/
- https://etcd.io/docs/latest/op-guide/configuration/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import ETCD, component_args, is_loopback
from seawall.model.located import Located

RULE = Rule(
    code="KC302",
    name="etcd-metrics-exposed",
    severity=Severity.MEDIUM,
    category="security",
    summary="etcd serves plain-HTTP metrics on every network interface",
    targets=("config", "pod-spec"),
    references=("https://etcd.io/docs/latest/op-guide/monitoring/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != ETCD:
            continue
        flag = args.get("listen-metrics-urls")
        if flag is None:
            continue
        exposed = [u for u in flag.values if u.startswith("http://") and not is_loopback(u)]
        if exposed:
            yield args.finding(
                RULE,
                f"etcd serves metrics over plain HTTP at {', '.join(exposed)}: no TLS, no "
                "authentication, reachable beyond the node; use http://127.0.0.1:2381 or https",
                flag,
                at_value=True,
            )
