"""A label key or value breaks the Kubernetes label syntax.

## What it checks
The `metadata.labels` of every object, and the labels of every pod template, against the syntax
the API server validates:

- a value is empty or at most 63 characters of letters, digits, `-`, `_` and `.`, beginning
  and ending with a letter or digit;
- a key is a name with the same rules, optionally preceded by a DNS subdomain prefix (at most
  253 characters of lower-case letters, digits, `-` and `.`) and `/`.

Values that are not strings (YAML `true`, numbers) are KV001's; placeholders (`{{ ... }}`,
`${...}`) are skipped.

## Why it matters
The API server rejects the object, and the deploy fails. Label values are often generated
(a version, a branch name, a commit message, a date with `:` or `+`), so a value that worked for
months breaks the day it holds a `/`, a space or its 64th character. Label keys and values are
the stuff selectors, NetworkPolicies and PodDisruptionBudgets match on, so they cannot simply be
dropped.

## Example
```yaml
metadata:
  labels:
    version: 1.4.0+build.7        # '+' is not allowed
    branch: feature/login-form    # '/' is not allowed in a value
```

## Fix
Keep free text in annotations, and reduce label values to the allowed characters:
```yaml
metadata:
  labels:
    version: 1.4.0-build.7
  annotations:
    example.com/branch: feature/login-form
```

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
"""

import re
from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import TEMPLATE_PATHS
from seawall.model.resource import Resource
from seawall.parse.yaml import Path, node_at

RULE = Rule(
    code="KR212",
    name="invalid-label",
    severity=Severity.HIGH,
    category="correctness",
    summary="A label key or value breaks the Kubernetes label syntax",
    targets=("resource",),
    equivalents=("kube-score:label-values",),
    references=(
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set",
    ),
)

_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_TEMPLATE_MARKS = ("{{", "${", "$(")


def name_problem(text: str, what: str) -> str | None:
    if len(text) > 63:
        return f"{what} is {len(text)} characters long (at most 63)"
    if not _NAME.match(text):
        return (
            f"{what} may only contain letters, digits, '-', '_' and '.', and must begin and end "
            "with a letter or digit"
        )
    return None


def key_problem(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash:
        labels = prefix.split(".")
        if len(prefix) > 253 or not all(_DNS_LABEL.match(part) for part in labels):
            return "the key's prefix must be a DNS subdomain (lower-case letters, digits, '-', '.')"
    if not name:
        return "the key has no name"
    return name_problem(name, "the key's name")


def value_problem(value: str) -> str | None:
    return None if value == "" else name_problem(value, "the value")


def _templated(text: str) -> bool:
    return any(mark in text for mark in _TEMPLATE_MARKS)


def _label_maps(resource: Resource) -> Iterator[tuple[Path, Any]]:
    yield ("metadata", "labels"), node_at(resource.body, ("metadata", "labels"))
    template = TEMPLATE_PATHS.get(resource.kind)
    if template is not None:
        path = (*template, "metadata", "labels")
        yield path, node_at(resource.body, path)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    for path, labels in _label_maps(resource):
        if not isinstance(labels, dict):
            continue
        for key, value in labels.items():
            if not isinstance(key, str) or _templated(key):
                continue
            problem = key_problem(key)
            if problem is not None:
                yield resource.finding(
                    RULE,
                    f'label key "{key}" is invalid: {problem}; the API server rejects the object',
                    *path,
                    key,
                )
                continue
            if not isinstance(value, str) or _templated(value):
                continue
            problem = value_problem(value)
            if problem is not None:
                yield resource.finding(
                    RULE,
                    f'label {key}: "{value}" is invalid: {problem}; the API server rejects the '
                    "object (keep free text in annotations)",
                    *path,
                    key,
                    at_value=True,
                )
