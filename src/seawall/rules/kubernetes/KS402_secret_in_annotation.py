"""An annotation holds what looks like a credential.

## What it checks
Every annotation of every object, and of every pod template, whose value
- has the shape of a credential (a private key, a Docker registry login, an AWS access key, a
  GitHub/GitLab/Slack/Stripe/Google key or token, a JSON Web Token, a URL with a password,
  password hashes), or
- sits under a key whose last part names a password, passphrase or API, access or private key
  (`example.com/db-password`), unless the value is empty, a placeholder or a yes/no flag.

Keys naming a "secret" or a "token" are not enough on their own: annotations such as
`nginx.ingress.kubernetes.io/auth-secret` hold the *name* of a Secret. The
`kubectl.kubernetes.io/last-applied-configuration` annotation is skipped: it repeats the object,
whose own fields the other rules check. The message never repeats the value.

## Why it matters
Annotations are read by anyone who can read the object, copied by tools into events, logs and
dashboards, and never encrypted. A credential in one is in the repository's history for good.

## Example
```yaml
metadata:
  annotations:
    backup.example.com/s3-url: https://backup:Sup3rS3cret@s3.example.com/bucket
```

## Fix
Keep the credential in a Secret and have the tool that reads the annotation reference that
Secret by name instead; rotate the value that was committed.

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/
- https://kubernetes.io/docs/concepts/security/secrets-good-practices/
"""

import re
from collections.abc import Iterator, Mapping

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.located import Located
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.parse.yaml import Path
from seawall.policy.secrets import credential_kind, is_placeholder, key_kind, normal_key

RULE = Rule(
    code="KS402",
    name="secret-in-annotation",
    severity=Severity.HIGH,
    category="security",
    summary="An annotation holds what looks like a credential",
    targets=("resource", "pod-spec"),
    references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
)

_SKIPPED = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})
# only the words that name the credential itself; "secret" and "token" usually name a reference
_KEY_WORD = re.compile(
    r"(?:^|_)(PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)(?:_|$)"
)
_OBJECT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$")


def _what(key: str, value: str) -> str | None:
    kind = credential_kind(value)
    if kind is not None:
        return f"what looks like {kind}"
    leaf = normal_key(key.rsplit("/", 1)[-1])
    if not _KEY_WORD.search(leaf) or leaf.endswith(("_FILE", "_PATH", "_REF", "_NAME", "_SECRET")):
        return None
    text = value.strip()
    if is_placeholder(text) or (_OBJECT_NAME.match(text) and "-" in text and len(text) < 64):
        return None  # a reference such as "db-credentials" rather than the value
    return f"a literal value and its name says it is {key_kind(leaf) or 'a credential'}"


def _report(
    view: Located, annotations: Mapping[str, str], where: Path, owner: str
) -> Iterator[Finding]:
    for key, value in annotations.items():
        if key in _SKIPPED:
            continue
        what = _what(key, value)
        if what is not None:
            yield view.finding_at(
                RULE,
                f"annotation {key} of {owner} holds {what}: anyone who can read the object "
                "reads it; keep it in a Secret, reference that instead, and rotate it",
                (*where, key),
            )


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    if isinstance(view, PodSpecView):
        if view.resource.kind == "Pod":
            return  # a Pod's own annotations are reported with the object
        where: Path = (*view.pod_path, "metadata", "annotations")
        yield from _report(view, view.template_annotations, where, "the pod template")
    elif isinstance(view, Resource) and not view.is_config:
        where = (*view.path, "metadata", "annotations")
        owner = f'{view.kind} "{view.name or "<unnamed>"}"'
        yield from _report(view, view.annotations, where, owner)
