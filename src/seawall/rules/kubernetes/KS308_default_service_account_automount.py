"""The `default` ServiceAccount hands its API token to every pod that names no other.

## What it checks
ServiceAccount objects named `default` (in the scan) that do not set
`automountServiceAccountToken: false`.

## Why it matters
Kubernetes creates a `default` ServiceAccount in every namespace and gives it to every pod that
names none. Unless it opts out, each of those pods gets an API token, whether or not it ever
calls the API; whatever a RoleBinding grants to `default` is then in every one of them. Opting
out on the ServiceAccount covers them all; workloads that need a token should use their own
ServiceAccount.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
```

## Fix
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
```

## References
- https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
- CIS Kubernetes Benchmark 5.1.5
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.fix import Applicability, Edit, Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.resource import Resource
from seawall.parse.yaml import YMap, scalar_text

RULE = Rule(
    code="KS308",
    name="default-service-account-automount",
    severity=Severity.LOW,
    category="security",
    summary="The default ServiceAccount does not turn off token automounting",
    targets=("resource",),
    fixable=True,
    equivalents=("CKV_K8S_41", "CIS-5.1.5"),
    references=(
        "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
    ),
)


_DESCRIPTION = "set automountServiceAccountToken: false"


def _append(resource: Resource) -> Fix | None:
    """Add the field after the object's last entry (block style only)."""
    body = resource.body
    if not isinstance(body, YMap) or not body.entries:
        return None
    text = resource.source.text
    entries = list(body.entries.values())
    first, last = entries[0], entries[-1]
    if text[body.offsets[0] : body.offsets[0] + 1] == "{":
        return None
    indent = " " * (body.lines.position(first[0])[1] - 1)
    line_end = text.find("\n", last[3])
    line = f"{indent}automountServiceAccountToken: false\n"
    if line_end < 0:
        return Fix(_DESCRIPTION, (Edit(len(text), len(text), "\n" + line),), Applicability.UNSAFE)
    return Fix(_DESCRIPTION, (Edit(line_end + 1, line_end + 1, line),), Applicability.UNSAFE)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "ServiceAccount" or resource.name != "default" or resource.is_config:
        return
    value = resource.body.get("automountServiceAccountToken")
    if value is False:
        return
    where = f' in namespace "{resource.namespace}"' if resource.namespace else ""
    if value is None:
        yield resource.finding(
            RULE,
            f"the default ServiceAccount{where} does not set `automountServiceAccountToken: "
            "false`, so every pod that names no ServiceAccount gets an API token; add it",
            "automountServiceAccountToken",
            point_at=("metadata", "name"),
            fix=_append(resource),
        )
        return
    path = (*resource.path, "automountServiceAccountToken")
    yield resource.finding_at(
        RULE,
        f"the default ServiceAccount{where} sets `automountServiceAccountToken: "
        f"{scalar_text(value)}`, so every pod that names no ServiceAccount gets an API token; "
        "set it to false",
        path,
        fix=replace_value(resource, path, "false", _DESCRIPTION),
    )
