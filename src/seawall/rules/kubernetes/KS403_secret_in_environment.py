"""A container reads Secret values through environment variables.

## What it checks
Containers (init and ephemeral included) with `env[*].valueFrom.secretKeyRef` or
`envFrom[*].secretRef`. One finding per container names the variables (or the Secrets loaded
whole with `envFrom`), at the first of them.

## Why it matters
Environment variables leak more easily than files: they are inherited by every child process,
printed by crash handlers, debug pages and `env` in support sessions, visible in
`/proc/<pid>/environ` to processes of the same user, and they never change while the container
runs, so a rotated Secret needs a restart. A Secret mounted as a volume is a file with its own
permissions that the kubelet updates in place. This is a hardening preference, advisory: many
applications can only read environment variables.

## Example
```yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db-credentials, key: password}
```

## Fix
```yaml
volumeMounts:
  - name: db-credentials
    mountPath: /var/run/secrets/db
    readOnly: true
volumes:
  - name: db-credentials
    secret:
      secretName: db-credentials
```
and have the application read `/var/run/secrets/db/password` (many support a `*_FILE` variable).

## References
- https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.parse.yaml import Path

RULE = Rule(
    code="KS403",
    name="secret-in-environment",
    severity=Severity.INFO,
    category="security",
    summary="A container reads Secret values through environment variables",
    targets=("pod-spec",),
    equivalents=("CKV_K8S_35", "kube-linter:read-secret-from-env-var"),
    references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
)


def _uses(container: ContainerView) -> tuple[list[str], Path | None]:
    """Names of the variables (or whole Secrets) read from Secrets, and where the first is."""
    names: list[str] = []
    first: Path | None = None
    env = container.body.get("env")
    for index, item in enumerate(env if isinstance(env, list) else []):
        source = item.get("valueFrom") if isinstance(item, dict) else None
        if isinstance(source, dict) and isinstance(source.get("secretKeyRef"), dict):
            names.append(str(item.get("name", f"env[{index}]")))
            first = first or (*container.path, "env", index, "valueFrom", "secretKeyRef")
    env_from = container.body.get("envFrom")
    for index, item in enumerate(env_from if isinstance(env_from, list) else []):
        ref = item.get("secretRef") if isinstance(item, dict) else None
        if isinstance(ref, dict):
            names.append(f'every key of Secret "{ref.get("name", "?")}"')
            first = first or (*container.path, "envFrom", index, "secretRef")
    return names, first


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        names, first = _uses(container)
        if first is None:
            continue
        yield container.finding_at(
            RULE,
            f"{container.label} reads Secret values through environment variables "
            f"({', '.join(names)}), which child processes inherit and crash reports print; "
            "prefer mounting the Secret as a read-only volume",
            first,
        )
