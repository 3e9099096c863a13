"""A pipeline variable holds what looks like a literal credential.

## What it checks
The `variables:` of the pipeline and of every job (templates and included files too), in the
short form (`NAME: value`) and the long form (`NAME: {value: …}`). A value is reported when
it is written in the file (no `$VARIABLE` in it) and:

- looks like a credential whatever the name: an AWS access key id, a private key, a GitHub,
  GitLab or Slack token, a JSON Web Token, or a long random string; or
- the name ends with a secret word (`DB_PASSWORD`, `API_TOKEN`, `AWS_SECRET_ACCESS_KEY`) and
  the value is not a placeholder, a flag (`true`, `no`), an empty string or a file path.

Names that merely start with a secret word (`SECRET_FORCED_LANGUAGE: en`) are settings, not
credentials, and are not reported. The detection is the one seawall uses for Dockerfile `ARG`
and `ENV` (DF401) and Kubernetes `env` (KS202).

## Why it matters
`.gitlab-ci.yml` is in the repository: everyone who can read the code, its forks and clones,
and every job log that prints the variable, has the credential, and it stays in the Git
history after it is removed. Variables set in the project's CI/CD settings can be masked,
protected to protected branches, and rotated without a commit.

## Example
```yaml
variables:
  POSTGRES_PASSWORD: s3cr3t-Pa55
  DEPLOY_TOKEN: glpat-AbCdEfGhIjKlMnOpQrSt
```

## Fix
Remove the value from the file, rotate the credential, and define it as a masked (and
protected) CI/CD variable in the project or group settings, or read it from a secrets manager
(`secrets:` with Vault, AWS, GCP or Azure):
```yaml
variables:
  POSTGRES_USER: app   # the password comes from the CI/CD settings
```

## References
- https://docs.gitlab.com/ci/variables/#for-a-project
- https://docs.gitlab.com/ci/secrets/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import GLOBAL_KEYS, Pipeline, Variable, read_variables
from seawall.model.gitlab_scripts import name_ends_secret
from seawall.parse.yaml import format_path
from seawall.policy.secrets import is_placeholder, secret_value_kind

RULE = Rule(
    code="GL203",
    name="pipeline-literal-secret-variable",
    severity=Severity.HIGH,
    category="secrets",
    summary="A pipeline variable holds what looks like a literal credential",
    targets=("gitlab-pipeline",),
    references=(
        "https://docs.gitlab.com/ci/variables/#for-a-project",
        "https://docs.gitlab.com/ci/secrets/",
    ),
)

_SETTINGS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "0", "1"})


def check(pipeline: Pipeline, ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[str, int, int]] = set()
    scopes: list[tuple[str | None, dict[str, Variable]]] = [(None, pipeline.variables)]
    # jobs and hidden templates as written (before `extends`), so a template's variable is
    # reported once, at the template
    scopes.extend(
        (str(name), read_variables(body.get("variables"), pipeline.owners))
        for name, body in pipeline.config.items()
        if name not in GLOBAL_KEYS and isinstance(body, dict)
    )
    for owner, variables in scopes:
        for variable in variables.values():
            origin = variable.origin
            problem = _problem(variable)
            if problem is None or origin is None:
                continue
            written = (
                origin.container.get(origin.part) if isinstance(origin.container, dict) else None
            )
            span = origin.span(key=not isinstance(written, str | int | float))
            key = (origin.source.display, span.line, span.column)
            if key in seen:
                continue  # a template's variable, inherited by several jobs
            seen.add(key)
            where = (
                ("variables", variable.name)
                if owner is None
                else (owner, "variables", variable.name)
            )
            yield Finding(
                RULE,
                RULE.severity,
                f"variable {variable.name} {problem}: it is in the repository, its history and "
                "every clone; rotate it and set it as a masked, protected CI/CD variable in the "
                "project settings (or `secrets:` from a vault) instead",
                origin.source.display,
                span,
                path=format_path(where),
            )


def _problem(variable: Variable) -> str | None:
    value = variable.value.strip()
    if not value or ("$" in value and variable.expand):
        return None
    kind = secret_value_kind(value)
    if kind is not None:
        return f"holds what looks like {kind}"
    if not name_ends_secret(variable.name):
        return None
    if value.lower() in _SETTINGS or is_placeholder(value):
        return None
    return "holds a literal value under a credential's name"
