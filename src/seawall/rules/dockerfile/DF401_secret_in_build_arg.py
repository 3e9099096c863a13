"""A secret is passed through `ARG` or `ENV`.

## What it checks
`ARG` and `ENV` entries, in every stage and before the first `FROM`, whose name says it holds a
secret (`DB_PASSWORD`, `NPM_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `API_KEY`, `SSH_PRIVATE_KEY`,
`COMPOSER_AUTH`, `GITHUB_CREDENTIALS`, …), or whose value looks like one whatever the name: an
AWS access key id, a PEM private key, a GitHub, GitLab or Slack token, a JSON Web Token, or a
long random-looking literal. An `ARG` is reported even without a default, since its value is
supplied with `--build-arg`; an `ENV` with an empty value is not. The message never repeats the
value.

Names that refer to a secret rather than hold one are not reported: `*_FILE`, `*_PATH`,
`*_URL`, `*_HOST`, `*_NAME`, `*_ARN` and similar (`PASSWORD_FILE`, `TOKEN_URL`,
`SECRET_NAME`). Hex strings (checksums, GPG fingerprints) are not treated as random secrets.

## Why it matters
`ENV` values are stored in the image configuration and visible to anyone who can pull the image
(`docker inspect`). Build arguments are recorded in the image history of every `RUN` that uses
them (`docker history`) and in the build cache and provenance attestations. Either way the
secret outlives the build and leaks with the image, into registries, CI logs and laptops.

## Example
```dockerfile
ARG NPM_TOKEN
ENV DATABASE_PASSWORD=changeme
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## Fix
Mount build secrets for the one step that needs them, and give run-time secrets to the
container (a Kubernetes Secret, a mounted file) instead of baking them in:
```dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```
built with `docker build --secret id=npm_token,env=NPM_TOKEN .`.

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
- https://docs.docker.com/reference/dockerfile/#arg
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction, KeyValue
from seawall.policy.secrets import secret_name, secret_value_kind

RULE = Rule(
    code="DF401",
    name="secret-in-build-arg",
    severity=Severity.HIGH,
    category="security",
    summary="A secret is passed through ARG or ENV",
    targets=("dockerfile",),
    equivalents=("DS031", "CKV_DOCKER_1005", "DL3064", "buildkit:SecretsUsedInArgOrEnv"),
    references=(
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
    ),
)

_SETTING = re.compile(r"(true|false|yes|no|on|off)\Z", re.IGNORECASE)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instruction in dockerfile.doc.walk():
        if instruction.keyword not in ("ARG", "ENV"):
            continue
        for kv in instruction.key_values():
            message = _problem(instruction, kv)
            if message is not None:
                yield dockerfile.finding(
                    RULE, message, instruction.locate(kv.key_start, kv.key_end)
                )


def _problem(instruction: Instruction, kv: KeyValue) -> str | None:
    keyword = instruction.keyword
    advice = (
        "use a build secret (RUN --mount=type=secret,id=…) for the step that needs it, and "
        "give run-time secrets to the container instead of the image"
    )
    where = (
        "is recorded in the image history and build cache"
        if keyword == "ARG"
        else "is stored in the image configuration for anyone who can pull it"
    )
    value = kv.value
    if value is not None:
        kind = secret_value_kind(value)
        if kind is not None:
            return f"the value of {keyword} `{kv.key}` looks like {kind}: it {where}; {advice}"
    if keyword == "ENV" and not value:
        return None
    if value is not None and _SETTING.match(value):
        return None  # SECRET_ROTATION=true: a setting about secrets, not one
    if not secret_name(kv.key):
        return None
    return f"{keyword} `{kv.key}` holds a secret by its name: its value {where}; {advice}"
