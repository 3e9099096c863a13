"""A container gets a secret-looking environment variable as a literal value.

## What it checks
Entries of a container's `env` whose name says it holds a credential (a word `PASSWORD`,
`PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN`, `API_KEY`, `APIKEY`, `PRIVATE_KEY`, `ACCESS_KEY`,
`CREDENTIAL` or `CREDENTIALS`, camelCase names included) and that set a literal `value` rather
than `valueFrom.secretKeyRef`. Names that point at the secret rather than hold it (ending in
`_FILE`, `_PATH`, `_DIR`, `_URL`, `_URI`, `_ENDPOINT`, `_NAME`, `_REF`, `_ID`, `_KEY_ID`,
`_TTL`, `_TIMEOUT`, `_LIFETIME`, `_HEADER`, `_ENABLED`, `_TYPE`, `_VERSION`, ...) are skipped,
and so are empty values, references to other variables (`$(VAR)`), template placeholders
(`${VAR}`, `{{ .Values.x }}`, `<replace-me>`), yes/no flags (`MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`)
and file paths (`GOOGLE_APPLICATION_CREDENTIALS: /var/secrets/key.json`).

## Why it matters
A literal in the manifest is a credential in the repository, in every rendered copy, in the
object the API server stores in plain text, and readable by anyone who can `get` the workload
(no access to Secrets needed). It cannot be rotated without a commit, and it bypasses whatever
protects Secrets (RBAC on `secrets`, encryption at rest, external secret stores).

## Example
```yaml
env:
  - name: DB_PASSWORD
    value: "s3cr3t-prod"
```

## Fix
```yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: db-credentials
        key: password
```
Better still, mount the Secret as a file; and rotate the value that was committed.

## References
- https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.policy.secrets import is_placeholder, secret_like

RULE = Rule(
    code="KS202",
    name="secret-in-env-literal",
    severity=Severity.HIGH,
    category="security",
    summary="A secret-looking environment variable is set from a literal value",
    targets=("pod-spec",),
    equivalents=("kube-linter:env-var-secret", "polaris:sensitiveContainerEnvVar"),
    references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        env = container.body.get("env")
        if not isinstance(env, list):
            continue
        for index, item in enumerate(env):
            if not isinstance(item, dict) or "valueFrom" in item:
                continue
            name, value = item.get("name"), item.get("value")
            if not isinstance(name, str) or not secret_like(name):
                continue
            if value is None or isinstance(value, bool) or is_placeholder(str(value)):
                continue
            yield container.finding(
                RULE,
                f"{container.label} sets {name} from a literal value: the credential is in the "
                "repository and in the stored object; use `valueFrom.secretKeyRef` (or mount "
                "the Secret as a file) and rotate it",
                "env",
                index,
                "value",
                at_value=True,
            )
