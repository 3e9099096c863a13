"""A template file was not scanned as YAML.

## What it checks
A YAML-named file outside a Helm chart that holds template syntax (`{{ ... }}`) and does not parse
as YAML on its own.

## Why it matters
Template sources only become manifests after rendering; scanning them as YAML gives noise, and
skipping them silently (as some scanners do) hides that they were never checked.

## Example
`deploy/app.yaml` containing `replicas: {{ .Values.replicas }}` outside a chart.

## Fix
Scan the rendered output (`helm template`, `kustomize build`), or move the file into a chart so
seawall renders it.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "unrendered-template"

RULE = Rule(
    code="IN014",
    name="unrendered-template",
    severity=Severity.INFO,
    category="input",
    summary="A template file was not scanned as YAML",
    targets=("input",),
)
