"""A ConstraintTemplate uses an old `templates.gatekeeper.sh` version.

## What it checks
Reports templates written as `templates.gatekeeper.sh/v1alpha1` or `v1beta1`.

## Why it matters
`templates.gatekeeper.sh/v1` has been the stable version since Gatekeeper 3.6.0; the alpha and
beta versions are older API versions kept for compatibility. Moving to `v1` is not only a rename:
`v1` requires the parameter schema (`openAPIV3Schema`) to be structural, with a `type` at every
level, so a template that loads as `v1beta1` can be rejected as `v1`. Converting while the
policy is in review is cheaper than during an upgrade.

## Example
```yaml
apiVersion: templates.gatekeeper.sh/v1beta1
kind: ConstraintTemplate
```

## Fix
Use `apiVersion: templates.gatekeeper.sh/v1` and give every level of the parameter schema a
`type` (`type: object` at the top, `type: array` with typed `items`, ...).

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import TEMPLATE_GROUP, is_template
from seawall.model.resource import Resource

RULE = Rule(
    code="GK101",
    name="deprecated-template-version",
    severity=Severity.LOW,
    category="deprecation",
    summary="A ConstraintTemplate uses an old templates.gatekeeper.sh version",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates",),
)

_OLD = ("v1alpha1", "v1beta1")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_template(resource):
        return
    version = resource.api_version.rpartition("/")[2]
    if version in _OLD:
        yield resource.finding(
            RULE,
            f"{resource.api_version} is an older ConstraintTemplate version; use "
            f"{TEMPLATE_GROUP}/v1 (stable since Gatekeeper 3.6), which requires a structural "
            "parameter schema with a `type` at every level",
            "apiVersion",
            at_value=True,
        )
