"""A Secret's values are committed in the repository.

## What it checks
Every `Secret` whose `data` or `stringData` holds values. `data` values are base64-decoded
first, and the message says what each value looks like (a private key, a Docker registry login,
an AWS access key, a JSON Web Token, a URL with a password, ...; else what its key's name says:
a password, a token, ...) without repeating it. One finding per Secret names its keys, never the
values.

Skipped: values that hold only certificates (public by design, such as `ca.crt`), and values
that are clearly placeholders to be filled in at deploy time: empty values, `${VAR}`, `$(VAR)`,
`{{ ... }}`, `<replace-me>`, `%VAR%`, `__VAR__`, `REPLACE_ME`, `TO_BE_REPLACED`, `PLACEHOLDER`
and `xxxx`. Well-known weak values (`changeme`, `password`, `admin`, `secret`, `123456`, ...)
are real values and are reported, named as weak (except under keys that hold a user name).

## Why it matters
base64 is an encoding, not encryption: anyone who can read the repository, a fork, a CI log or
a rendered chart can read the credentials, and they stay in the history after they are
removed. Committed credentials are rarely rotated and usually shared between environments.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
type: Opaque
data:
  jwt-secret: bXlfc3VwZXJfc2VjcmV0X2tleQ==
```

## Fix
Keep the values out of git: create the Secret at deploy time from a secret store (External
Secrets Operator, Secrets Store CSI driver, Vault) or commit it encrypted (Sealed Secrets,
SOPS). Then rotate every value that was committed: removing it from the file does not remove it
from the history.

## References
- https://kubernetes.io/docs/concepts/configuration/secret/
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

import base64
import binascii
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.secrets import describe, is_placeholder, is_public_certificate

RULE = Rule(
    code="KS201",
    name="secret-data-in-manifest",
    severity=Severity.HIGH,
    category="security",
    summary="A Secret's values are committed in the repository",
    targets=("resource",),
    equivalents=("CKV_SECRET_6",),
    references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
)

_WEAK = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "password",
        "passw0rd",
        "secret",
        "admin",
        "root",
        "test",
        "default",
        "example",
        "123456",
        "12345678",
        "qwerty",
    }
)


def _decoded(section: str, value: object) -> str | None:
    """The value as text (``data`` is base64); None when it cannot be decoded as text."""
    text = "" if value is None else str(value)
    if section == "stringData":
        return text
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Secret" or resource.api_version != "v1":
        return
    committed: list[tuple[str, str, str]] = []  # (section, key, what it looks like)
    weak: list[str] = []
    placeholders = certificates = 0
    for section in ("data", "stringData"):
        values = resource.body.get(section)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            text = _decoded(section, value)
            if text is not None and is_placeholder(text, flags_and_paths=False):
                placeholders += 1
                continue
            if text is not None and is_public_certificate(text):
                certificates += 1
                continue
            committed.append((section, str(key), describe(str(key), text)))
            user_key = any(word in str(key).lower() for word in ("user", "name", "login"))
            if text is not None and text.strip().lower() in _WEAK and not user_key:
                weak.append(str(key))
    if not committed:
        return
    keys = ", ".join(f"{key}: {kind}" for _, key, kind in committed)
    count = len(committed)
    message = (
        f'Secret "{resource.name or "<unnamed>"}" commits {count} '
        f"value{'s' if count > 1 else ''} to the repository ({keys}); base64 is an encoding, "
        "not encryption"
    )
    if weak:
        message += f"; {', '.join(weak)} {'holds' if len(weak) == 1 else 'hold'} a well-known "
        message += "weak value"
    skipped = [
        f"{count} {noun}{'s' if count > 1 else ''}"
        for count, noun in ((placeholders, "placeholder"), (certificates, "public certificate"))
        if count
    ]
    if skipped:
        message += f" ({' and '.join(skipped)} skipped)"
    message += (
        "; create the Secret from a secret store or commit it encrypted (Sealed Secrets, SOPS), "
        "and rotate the committed values"
    )
    section, first, _ = committed[0]
    yield resource.finding(RULE, message, section, first)
