"""An Ingress injects raw NGINX configuration through an ingress-nginx snippet annotation.

## What it checks
Ingresses with any of the ingress-nginx snippet annotations (`configuration-snippet`,
`server-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet`, under the
`nginx.ingress.kubernetes.io/` prefix). The finding is high when the snippet runs Lua code
(`*_by_lua*` directives) or uses the `alias` or `root` directive, the forms used to read files
from the controller, and medium otherwise. The list of snippet annotations is the data file
`seawall/policy/data/ingress_nginx_annotations.yaml`.

## Why it matters
A snippet is pasted verbatim into the controller's `nginx.conf`, which runs with the
controller's service account, and that account can read every Secret in the cluster. Whoever
can write an Ingress can therefore read those Secrets or the controller's token
(CVE-2021-25742), and crafted snippet text was also part of the IngressNightmare chain
(CVE-2025-1974). Since controller v1.9 snippet annotations are disabled by default
(`allow-snippet-annotations: false`) and are then ignored, so a manifest relying on them also
breaks silently on a current controller.

## Example
```yaml
metadata:
  annotations:
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";
```

## Fix
Use the dedicated annotation or ConfigMap option for the behaviour (`custom-headers`,
`proxy-set-headers`, `auth-url`, `server-alias`...), or configure it globally in the
controller's ConfigMap, which only cluster administrators can change. Keep snippet annotations
disabled in the controller.

## References
- https://github.com/kubernetes/kubernetes/issues/126811
- https://github.com/kubernetes/ingress-nginx/issues/7837
- https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations
"""

import dataclasses
import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.kubernetes._ingress_nginx import nginx_annotations

RULE = Rule(
    code="KN302",
    name="ingress-nginx-snippet-annotation",
    severity=Severity.MEDIUM,
    category="security",
    summary="An Ingress injects raw NGINX configuration through a snippet annotation",
    targets=("resource",),
    equivalents=("CKV_K8S_152", "CKV_K8S_153", "CKV_K8S_154"),
    references=("https://github.com/kubernetes/ingress-nginx/issues/7837",),
)

# directives that run code or serve files from the controller's filesystem
_DANGEROUS = re.compile(r"(?<![\w-])(\w+_by_lua\w*|alias|root)\s", re.IGNORECASE)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Ingress" or resource.is_config:
        return
    table = nginx_annotations()
    for key in sorted(resource.annotations):
        if not key.startswith(table.prefix) or key[len(table.prefix) :] not in table.snippets:
            continue
        value = resource.annotations[key]
        dangerous = _DANGEROUS.search(value + "\n")
        why = (
            f"its `{dangerous.group(1)}` directive reads files or runs code inside the "
            "controller, which can read every Secret in the cluster"
            if dangerous
            else "the text is pasted into the controller's nginx.conf, which can read every "
            "Secret in the cluster (CVE-2021-25742)"
        )
        finding = resource.finding(
            RULE,
            f'Ingress "{resource.name or "<unnamed>"}" uses the snippet annotation {key}: {why}; '
            "use the dedicated annotation or the controller ConfigMap instead, and keep "
            "snippets disabled",
            "metadata",
            "annotations",
            key,
        )
        yield dataclasses.replace(finding, severity=Severity.HIGH) if dangerous else finding
