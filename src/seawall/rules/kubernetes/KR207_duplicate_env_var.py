"""A container defines the same environment variable twice.

## What it checks
Containers (of every kind) whose `env` list names the same variable more than once. Variables
from `envFrom` are not compared: overriding an imported key in `env` is how `envFrom` is meant
to be used. Names that are placeholders (`${NAME}`, `{{ ... }}`) are skipped.

## Why it matters
Only the last definition takes effect, silently: whoever edits the first one (a password, a
feature flag, a memory setting) sees no change and no error. Duplicates are usually left behind
by a merge of patches or Helm values. Server-side apply also treats `env` as a map keyed by
name and refuses to merge a list with duplicate keys.

## Example
```yaml
env:
  - name: LOG_LEVEL
    value: info
  - name: LOG_LEVEL
    value: debug
```

## Fix
Keep one definition per name, with the value you mean.

## References
- https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
- https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.probes import is_placeholder

RULE = Rule(
    code="KR207",
    name="duplicate-env-var",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A container defines the same environment variable twice",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:duplicate-env-var",
        "kube-score:environment-variable-key-duplication",
    ),
    references=(
        "https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        items = container.body.get("env")
        if not isinstance(items, list):
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name or is_placeholder(name, bare_words=False):
                continue
            if name not in first:
                first[name] = index
                continue
            line = container.span_at("env", first[name], "name", key=False).line
            yield container.finding(
                RULE,
                f"{container.label} sets the environment variable {name} again (first at line "
                f"{line}): only this later value takes effect; keep one definition",
                "env",
                index,
                "name",
                at_value=True,
            )
