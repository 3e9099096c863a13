"""A credential in values defaults to empty and no template requires it.

## What it checks
Keys of the chart's own `values.yaml` named like credentials whose default is empty (`""` or
null) when no template of the chart reads them through `required`. Values of dependencies are
left out (charts such as Bitnami's generate a random password when it is empty).

## Why it matters
An install that forgets the value deploys an empty password or key: the application starts
without authentication, or fails later at run time instead of at install time.

## Example
```yaml
secrets:
  jwtSecret: ""
```
with a template that writes `{{ .Values.secrets.jwtSecret | b64enc }}`.

## Fix
Write the value through `required` in the template
(`{{ required "secrets.jwtSecret is required" .Values.secrets.jwtSecret }}`), or read it from an
existing Secret instead of values.

## References
- https://helm.sh/docs/howto/charts_tips_and_tricks/#using-the-required-function
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView
from seawall.policy.secrets import secret_like
from seawall.rules.helm._values import dependency_keys, leaves

RULE = Rule(
    code="HM103",
    name="helm-empty-secret-not-required",
    severity=Severity.MEDIUM,
    category="secrets",
    summary="A credential in values defaults to empty and no template requires it",
    targets=("helm-chart",),
    references=("https://helm.sh/docs/howto/charts_tips_and_tricks/#using-the-required-function",),
)

_REQUIRED = re.compile(
    r"required\s+(?:\"[^\"]*\"|`[^`]*`)\s+\$?\.Values\.(?P<a>[\w.]+)"
    r"|\$?\.Values\.(?P<b>[\w.]+)\s*\|\s*required\b"
)


def required_keys(text: str) -> set[str]:
    return {m["a"] or m["b"] for m in _REQUIRED.finditer(text)}


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    dependencies = dependency_keys(chart)
    required = required_keys(chart.template_text())
    has_templates = bool(chart.own_templates())
    for path, value in leaves(chart.values):
        if not path or path[0] in dependencies or not isinstance(path[-1], str):
            continue
        if value not in ("", None) or not secret_like(path[-1]):
            continue
        dotted = ".".join(str(p) for p in path)
        if dotted in required:
            continue
        where = "no template requires it" if has_templates else "the chart has no templates"
        yield chart.values_finding(
            RULE,
            f"{chart.label}: {dotted} defaults to empty and {where}: an install that does not set "
            f"it deploys an empty credential; wrap it in `required` where the template uses it",
            *path,
        )
