"""A secret is passed to a compose service in `environment`.

## What it checks
`environment` entries whose name says they hold a secret (`PASSWORD`, `SECRET`, `TOKEN`,
`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `CREDENTIALS`, ...) and whose value is written in the
file, interpolated from the environment (`${DB_PASSWORD}`), or passed through from the shell
(`- JWT_SECRET`). Names ending in `_FILE` (the convention for a path to a mounted secret) are
not reported.

## Why it matters
Environment variables are readable by anyone who can run `docker inspect`, appear in
`docker compose config` output and crash reports, are inherited by every child process, and a
literal value is committed with the file. Compose `secrets:` mount the value as a file readable
only inside the container.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: hunter2
```

## Fix
Declare the secret under top-level `secrets:` (from a file or an environment variable), grant
it to the service with `secrets: [db_password]`, and point the program at the file, e.g.
`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`.

## References
- https://docs.docker.com/compose/how-tos/use-secrets/
- https://docs.docker.com/reference/compose-file/secrets/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService, EnvVar
from seawall.policy.secrets import secret_name

RULE = Rule(
    code="CO401",
    name="compose-secret-in-environment",
    severity=Severity.HIGH,
    category="secrets",
    summary="A secret is passed to a compose service in `environment`",
    targets=("compose-service",),
    references=(
        "https://docs.docker.com/compose/how-tos/use-secrets/",
        "https://docs.docker.com/reference/compose-file/secrets/",
    ),
)

_NOT_A_VALUE = frozenset({"", "true", "false", "yes", "no", "0", "1", "none", "null"})


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    for var in service.environment():
        if not secret_name(var.name):
            continue
        how = _how(var)
        if how is None:
            continue
        yield service.finding(
            RULE,
            f"service {service.name}: {var.name} {how}; environment variables show in "
            f"`docker inspect` and reach every child process: use a compose secret "
            f"(`secrets:`) and {var.name}_FILE=/run/secrets/<name> if the image supports it",
            *var.path,
        )


def _how(var: EnvVar) -> str | None:
    if var.value is None:
        return "is passed through from the shell's environment"
    names = sorted({s.name for s in var.substitutions if s.depth == 0})
    if names:
        return "is interpolated from " + ", ".join(f"${{{n}}}" for n in names)
    if var.value.strip().lower() in _NOT_A_VALUE:
        return None
    return "is written in the file as a literal value"
