"""A bundled datastore is deployed without authentication.

## What it checks
Values of datastore subcharts (Redis, PostgreSQL, MongoDB, Elasticsearch, etcd and other charts
whose names say so) that switch authentication off: `auth.enabled: false`,
`usePassword: false` (older Redis charts), `security.enabled: false`, `auth.rbac.enabled: false`.

## Why it matters
Any pod that can reach the datastore's Service (by default every pod in the cluster) can read and
change its data; with Redis that includes writing files or loading modules on the server.

## Example
```yaml
redis:
  enabled: true
  auth:
    enabled: false
```

## Fix
Keep authentication on (`auth.enabled: true`) and give the password through
`auth.existingSecret`; add a NetworkPolicy that admits only the application's pods.

## References
- https://github.com/bitnami/charts/tree/main/bitnami/redis#redis-common-configuration-parameters
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView
from seawall.parse.yaml import node_at
from seawall.rules.helm._values import DATASTORES, dependency_keys

RULE = Rule(
    code="HM102",
    name="helm-datastore-auth-disabled",
    severity=Severity.HIGH,
    category="security",
    summary="A bundled datastore is deployed without authentication",
    targets=("helm-chart",),
    references=(
        "https://github.com/bitnami/charts/tree/main/bitnami/redis#redis-common-configuration-parameters",
        "https://redis.io/docs/latest/operate/oss_and_stack/management/security/",
    ),
)

_SWITCHES: tuple[tuple[str, ...], ...] = (
    ("auth", "enabled"),
    ("usePassword",),
    ("security", "enabled"),
    ("auth", "rbac", "enabled"),
)


def _is_datastore(key: str, dependencies: set[str]) -> bool:
    lower = key.lower()
    return lower in DATASTORES or (key in dependencies and any(d in lower for d in DATASTORES))


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    values = chart.values
    if not isinstance(values, dict):
        return
    dependencies = dependency_keys(chart)
    for key, section in values.items():
        if not isinstance(key, str) or not isinstance(section, dict):
            continue
        if not _is_datastore(key, dependencies) or section.get("enabled") is False:
            continue
        for switch in _SWITCHES:
            value: Any = node_at(section, switch)
            if value is False:
                dotted = ".".join((key, *switch))
                yield chart.values_finding(
                    RULE,
                    f"{chart.label}: {dotted} is false, so the bundled {key} accepts every "
                    "client that can reach it; keep authentication on and pass the password "
                    "through an existing Secret",
                    key,
                    *switch,
                    at_value=True,
                )
