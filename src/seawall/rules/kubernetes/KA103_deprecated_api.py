"""An object uses an API version that is deprecated, or that the next minor release removes.

## What it checks
Every object whose `apiVersion` and `kind` the target Kubernetes version still serves but has
deprecated (from the release a source names), and every object whose API version the very next
minor release removes: with a target of 1.24, a `batch/v1beta1` CronJob (removed in 1.25) is
reported as "the next upgrade breaks this apply". Both cases share this code and its medium
severity, so that one `--select KA103` or suppression covers the whole "fix before you upgrade"
list; the message tells them apart. API versions already removed at the target are `KA101`.
The table is the reviewed data file `seawall/policy/data/api_lifecycle.yaml`, with its sources.

## Why it matters
A deprecated API version keeps working until the release that removes it; then every apply,
Helm upgrade or GitOps sync of the object fails at once, usually in the middle of a cluster
upgrade. Moving while both versions are served costs a one-line change.

## Example
```yaml
# target Kubernetes 1.24
apiVersion: batch/v1beta1   # removed in 1.25
kind: CronJob
```

## Fix
Move to the replacement API version now (`kubectl convert` helps for most kinds) and adapt the
fields it changed; the deprecation guide lists them per kind.

## References
- https://kubernetes.io/docs/reference/using-api/deprecation-guide/
- https://kubernetes.io/docs/reference/using-api/deprecation-policy/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.lifecycle import api_entry, label

RULE = Rule(
    code="KA103",
    name="deprecated-api",
    severity=Severity.MEDIUM,
    category="api-lifecycle",
    summary="An object uses an API version that is deprecated or removed in the next minor release",
    targets=("resource",),
    equivalents=("pluto:deprecated", "kubent", "kube-score:stable-version"),
    references=("https://kubernetes.io/docs/reference/using-api/deprecation-guide/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    entry = api_entry(resource.api_version, resource.kind)
    target = ctx.settings.kubernetes_version
    if entry is None or target is None or entry.addon is not None:
        return  # add-on APIs are KA101's: no maintained add-on release serves them
    removed, deprecated = entry.removed_in, entry.deprecated_in
    if removed is not None and target >= removed:
        return  # KA101
    what = f"{resource.kind} {resource.api_version}"
    if removed is not None and removed == (target[0], target[1] + 1):
        message = (
            f"{what} is removed in Kubernetes {label(removed)}: the next upgrade breaks this "
            f"apply; move off it now ({entry.what_to_do})"
        )
    elif deprecated is not None and target >= deprecated:
        until = f" and removed in {label(removed)}" if removed is not None else ""
        message = (
            f"{what} is deprecated since Kubernetes {label(deprecated)}{until}; the "
            f"{label(target)} API server still serves it: {entry.what_to_do}"
        )
    else:
        return
    yield resource.finding(RULE, message, "apiVersion")
