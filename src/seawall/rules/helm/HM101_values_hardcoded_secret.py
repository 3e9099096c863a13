"""A chart's default values hold a password, token or key.

## What it checks
Keys of `values.yaml` named like credentials (`password`, `postgresPassword`, `apiKey`,
`jwtSecret`, `token`...) with a literal value, and any value shaped like a credential (a private
key, a cloud access key, a token), wherever it is. Empty values and placeholders are not reported;
names of existing Secrets (`existingSecret`) are not credentials.

## Why it matters
`values.yaml` ships with the chart: the default credential is in the repository, in every packaged
chart, and in every release that does not override it, where `helm get values` shows it to anyone
who can read the release.

## Example
```yaml
postgresql:
  auth:
    postgresPassword: "changeme"
```

## Fix
Leave the default empty and make the template `required` it, or point at a Secret created out of
band (`auth.existingSecret` for Bitnami charts); pass real values at install time from a secret
store.

## References
- https://helm.sh/docs/chart_best_practices/values/
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView
from seawall.policy.secrets import credential_kind, is_placeholder, secret_like
from seawall.rules.helm._values import leaves

RULE = Rule(
    code="HM101",
    name="helm-values-hardcoded-secret",
    severity=Severity.HIGH,
    category="secrets",
    summary="A chart's default values hold a password, token or key",
    targets=("helm-chart",),
    references=(
        "https://helm.sh/docs/chart_best_practices/values/",
        "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    ),
)

_NOT_CREDENTIAL_PREFIXES = ("existing",)
_NOT_CREDENTIAL_SUFFIXES = ("SECRET_NAME", "PASSWORD_KEY", "SECRET_KEY_REF", "SECRET_REF")


def _names_a_secret(key: str) -> bool:
    upper = key.upper()
    return key.lower().startswith(_NOT_CREDENTIAL_PREFIXES) or any(
        upper.replace("_", "").endswith(s.replace("_", "")) for s in _NOT_CREDENTIAL_SUFFIXES
    )


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    for path, value in leaves(chart.values):
        if not isinstance(value, str) or not path:
            continue
        key = path[-1] if isinstance(path[-1], str) else ""
        dotted = ".".join(str(p) for p in path)
        shape = credential_kind(value)
        if shape is not None:
            what = shape
        elif key and secret_like(key) and not _names_a_secret(key) and not is_placeholder(value):
            what = "a literal credential"
        else:
            continue
        yield chart.values_finding(
            RULE,
            f"{chart.label}: values.yaml sets {dotted} to {what}: every install that does not "
            "override it uses this credential, and it ships in the packaged chart; leave it empty "
            "and `required` in the template, or use an existing Secret",
            *path,
            at_value=True,
        )
