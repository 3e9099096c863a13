"""An Ingress has an `nginx.ingress.kubernetes.io/` annotation that ingress-nginx does not know.

## What it checks
Annotations of Ingresses whose key starts with `nginx.ingress.kubernetes.io/` but whose name
is not one the controller reads, with the closest known name as a suggestion; and annotations
whose prefix is a misspelling of `nginx.ingress.kubernetes.io` (it contains `nginx` and is
close to it) followed by a known name. The table of known names is the data file
`seawall/policy/data/ingress_nginx_annotations.yaml`, read from the ingress-nginx annotations
documentation (its source URL and controller version are in the file); names added by newer
controller releases can be accepted with the `extra_annotations` option.

## Why it matters
The controller ignores annotations it does not know, without a warning or an event. A typo
such as `nginx.ingress.kubernetes.io/whitelist-source-ranges` or `ssl-redirects` therefore
silently disables what the annotation was written for: an IP allow-list, an HTTPS redirect,
authentication, a body size or timeout limit. The Ingress still works, so nobody notices until
the protection is needed.

## Example
```yaml
metadata:
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-ranges: 10.0.0.0/8   # not read: no "s"
```

## Fix
Use the name the controller documents (the message suggests the closest one). If the name is
valid for a newer controller, add it to the rule's `extra_annotations` option.

## References
- https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/

## Options
- `extra_annotations` (list, default empty): further annotation names, without the
  `nginx.ingress.kubernetes.io/` prefix, to accept (for controller releases newer than the
  table).
"""

import difflib
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.kubernetes._ingress_nginx import nginx_annotations

RULE = Rule(
    code="KN303",
    name="unknown-ingress-nginx-annotation",
    severity=Severity.MEDIUM,
    category="network",
    summary="An Ingress has an ingress-nginx annotation the controller does not know",
    targets=("resource",),
    references=(
        "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/",
    ),
    options=(
        Option(
            "extra_annotations",
            [],
            "further annotation names (without the `nginx.ingress.kubernetes.io/` prefix) "
            "to accept, for controller releases newer than the table",
        ),
    ),
)


def _suggest(name: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Ingress" or resource.is_config:
        return
    table = nginx_annotations()
    extra = ctx.options.get("extra_annotations") or []
    known = table.names | frozenset(str(n) for n in extra)
    real_prefix = table.prefix.rstrip("/")
    label = f'Ingress "{resource.name or "<unnamed>"}"'
    for key in sorted(resource.annotations):
        prefix, slash, name = key.partition("/")
        if not slash:
            continue
        if prefix == real_prefix:
            if name in known:
                continue
            message = (
                f"{label} has the annotation {key}, which ingress-nginx (annotation table of "
                f"{table.version}) does not read, so it has no effect{_suggest(name, known)}"
            )
        elif (
            "nginx" in prefix
            and name in known
            and difflib.SequenceMatcher(None, prefix, real_prefix).ratio() >= 0.85
        ):
            message = (
                f"{label} has the annotation {key}, whose prefix {prefix} is not "
                f"{real_prefix}, so ingress-nginx ignores it; did you mean {real_prefix}/{name}?"
            )
        else:
            continue
        yield resource.finding(RULE, message, "metadata", "annotations", key)
