"""A ConfigMap holds what looks like a credential.

## What it checks
Every value of a ConfigMap's `data` (and the text of its `binaryData`) that
- has the shape of a credential wherever it appears: a private key, a Docker registry login, an
  AWS access key, a GitHub/GitLab/Slack/Stripe/Google key or token, a JSON Web Token, a URL with
  a password, password hashes;
- or sits under a key whose name says it holds one (`DB_PASSWORD`, `apiKey`, `auth-token`, with
  the same rules as KS202), unless the value is empty, a placeholder (`${VAR}`, `{{ ... }}`), a
  yes/no flag or a file path;
- or, in an embedded configuration file (`application.properties`, `config.yaml`, `.env`),
  assigns a literal to such a name on one of its lines (`spring.datasource.password=...`);
  references (`${DB_PASSWORD}`, `ENC(...)`, `env:VAR`) are skipped.

One finding per value; the message says what it looks like and never repeats it. A name-only
match inside an embedded file is reported at medium severity, the others at high.

## Why it matters
ConfigMaps are meant for non-confidential data: anyone with `get` on ConfigMaps (a much wider
group than for Secrets) reads them, they are never encrypted at rest, and they end up in logs,
dashboards and support bundles. A credential committed in one is in the repository's history
for good.

## Example
```yaml
kind: ConfigMap
data:
  DB_PASSWORD: s3cr3t-prod
  application.properties: |
    spring.datasource.password=s3cr3t-prod
```

## Fix
Move the value into a Secret (created from a secret store or committed encrypted), reference it
with `secretKeyRef` or a Secret volume, and rotate it.

## References
- https://kubernetes.io/docs/concepts/configuration/configmap/
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

import base64
import binascii
import dataclasses
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.secrets import (
    credential_kind,
    is_placeholder,
    key_kind,
    secret_assignment,
    secret_like,
)

RULE = Rule(
    code="KS401",
    name="secret-in-config-map",
    severity=Severity.HIGH,
    category="security",
    summary="A ConfigMap holds what looks like a credential",
    targets=("resource",),
    equivalents=("polaris:sensitiveConfigmapContent", "KSV109"),
    references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
)

_ADVICE = "move it into a Secret, reference it from there and rotate it"


def _text(section: str, value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if section == "data":
        return str(value)
    try:
        return base64.b64decode("".join(str(value).split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None  # binary content: nothing readable to judge


def _judge(name: str, key: str, text: str) -> tuple[str, bool] | None:
    """The message for one value, and whether it is the weaker (medium) kind of evidence."""
    kind = credential_kind(text)
    if kind is not None:
        return f'ConfigMap "{name}" key {key} holds what looks like {kind}; {_ADVICE}', False
    single = "\n" not in text.strip()
    if single and secret_like(key) and not is_placeholder(text):
        said = key_kind(key) or "a credential"
        return (
            f'ConfigMap "{name}" key {key} holds a literal value and its name says it is '
            f"{said}; {_ADVICE}",
            False,
        )
    if not single:
        found = secret_assignment(text)
        if found is not None:
            line, field = found
            return (
                f'ConfigMap "{name}" key {key}, line {line}, sets {field} to a literal value: '
                f"a credential in a ConfigMap; {_ADVICE}",
                True,
            )
    return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "ConfigMap" or resource.api_version != "v1":
        return
    name = resource.name or "<unnamed>"
    for section in ("data", "binaryData"):
        values = resource.body.get(section)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            text = _text(section, value)
            if text is None:
                continue
            judged = _judge(name, str(key), text)
            if judged is None:
                continue
            message, weaker = judged
            finding = resource.finding(RULE, message, section, key)
            if weaker:
                finding = dataclasses.replace(finding, severity=Severity.MEDIUM)
            yield finding
