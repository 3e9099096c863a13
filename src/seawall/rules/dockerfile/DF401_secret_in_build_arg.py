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

import math
import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction, KeyValue

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

# words of a variable name that mean it holds a secret; pairs are adjacent words
_SECRET_WORDS = frozenset(
    {"password", "passwd", "pwd", "pass", "secret", "secrets", "token", "apikey",
     "credential", "credentials", "creds", "passphrase", "privatekey"}
)  # fmt: skip
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("private", "key"), ("access", "key"), ("secret", "key"),
     ("auth", "key"), ("signing", "key"), ("encryption", "key"), ("client", "secret"),
     ("ssh", "key"), ("deploy", "key"), ("app", "key"), ("master", "key")}
)  # fmt: skip
# a last word that makes the name a reference to a secret, or a setting about secrets
_REFERENCE_WORDS = frozenset(
    {"file", "files", "path", "dir", "directory", "url", "uri", "endpoint", "host", "hostname",
     "port", "name", "names", "arn", "ref", "location", "store", "type", "length", "len",
     "ttl", "expiry", "expires", "expiration", "timeout", "header", "policy", "enabled",
     "required", "mode", "format", "version", "prefix", "env", "var", "id", "limit", "size",
     "count"}
)  # fmt: skip
# names that contain a secret word but are well-known non-secrets
_NOT_SECRETS = frozenset({"pwd", "oldpwd", "secret_key_base_dummy"})
# ...except that a key id paired with a secret key is reported all the same
_ALWAYS = frozenset({"aws_access_key_id"})

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), "an AWS access key id"),
    (re.compile(r"-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----"), "a private key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}"),
     "a GitHub token"),
    (re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}"), "a GitLab token"),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
     "a JSON Web Token"),
)  # fmt: skip
_RANDOM_LITERAL = re.compile(r"[A-Za-z0-9+/=_-]{32,}\Z")
_HEX = re.compile(r"[0-9a-fA-F]+\Z")
_SETTING = re.compile(r"(true|false|yes|no|on|off)\Z", re.IGNORECASE)
_MIN_ENTROPY = 4.0  # bits per character
_MIN_CLASS_CHANGES = 0.3  # random base64 changes class at about 2 characters in 3
_MAX_WORD_STARTS = 0.75  # share of capitals followed by a lower-case letter (random: about 0.4)


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


def name_words(name: str) -> list[str]:
    """``DB_PASSWORD`` → db, password; ``apiKey`` → api, key."""
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _WORD.findall(part)]


def secret_name(name: str) -> bool:
    """Whether a variable name says it holds a secret (not a reference to one)."""
    lowered = name.lower()
    if lowered in _ALWAYS:
        return True
    if lowered in _NOT_SECRETS:
        return False
    words = name_words(name)
    if not words or words[-1] in _REFERENCE_WORDS:
        return False
    if any(w in _SECRET_WORDS for w in words) or words[-1] == "auth":
        return True
    return any(pair in _SECRET_PAIRS for pair in pairwise(words))


def secret_value_kind(value: str) -> str | None:
    """What kind of credential a literal value looks like, or None."""
    for pattern, kind in _VALUE_PATTERNS:
        if pattern.search(value):
            return kind
    if _RANDOM_LITERAL.match(value) and not _HEX.match(value) and _looks_random(value):
        return "a random secret (a long high-entropy literal)"
    return None


def _looks_random(value: str) -> bool:
    """Mixed letters and digits that change character class often and use many symbols: a
    random token does; an identifier in CamelCase (every capital starts a lower-case word) or a
    word list does not."""
    classes = [_char_class(c) for c in value]
    if not {"lower", "upper", "digit"} <= set(classes) or classes.count("digit") < 2:
        return False
    pairs = list(pairwise(classes))
    if sum(a != b for a, b in pairs) / len(pairs) < _MIN_CLASS_CHANGES:
        return False
    capitals = [b for a, b in pairs if a == "upper"]
    if capitals and capitals.count("lower") / len(capitals) > _MAX_WORD_STARTS:
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= _MIN_ENTROPY


def _char_class(char: str) -> str:
    if char.islower():
        return "lower"
    if char.isupper():
        return "upper"
    return "digit" if char.isdigit() else "other"
