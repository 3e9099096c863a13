"""`COPY` or `ADD` puts private keys or credential files into the image.

## What it checks
Sources of `COPY` and `ADD` (also `--from` another stage, and globs) that name key material or
credential files:

- SSH keys and directories: `id_rsa`, `id_ecdsa`, `id_ed25519`, `id_dsa`, `.ssh/`;
- private keys and key stores: `*.key`, `*.pem`, `*.p12`, `*.pfx`, `*.jks`, `*.keystore`;
- credential files: `.env` (and `.env.production` …), `.npmrc`, `.netrc`, `.pypirc`, `.pgpass`,
  `.git-credentials`, `credentials`, `credentials.json`, `.docker/config.json`;
- cloud and cluster credentials: `.aws/`, `.kube/`, `.gnupg/`.

Not reported: public material (`*.pub`, `*.crt`, `known_hosts`, `authorized_keys`, `.pem` files
named as certificates or CA bundles such as `cert.pem`, `ca.pem`, `fullchain.pem`, and `.key`
files named as public or signing keys such as `nginx_signing.key`), templates (`.env.example`,
`.env.sample`, `.env.template`), and `ADD` of URLs.

## Why it matters
Every file copied into a layer stays in the image, even when a later step deletes it: anyone
who can pull the image (a registry, a CI cache, a developer laptop) can extract the key with
`docker save`. A leaked deploy key, registry token or TLS private key has to be revoked and
rotated everywhere it is used.

## Example
```dockerfile
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:acme/private.git
COPY .env /app/.env
```

## Fix
Use the key only for the step that needs it, without writing it to a layer, and give run-time
secrets to the container (a Kubernetes Secret mounted as a file or variables):
```dockerfile
RUN --mount=type=ssh git clone git@github.com:acme/private.git
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```
built with `docker build --ssh default --secret id=npmrc,src=$HOME/.npmrc .`.

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.docker.com/reference/dockerfile/#run---mounttypessh
"""

import json
import posixpath
import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction

RULE = Rule(
    code="DF402",
    name="key-material-copied",
    severity=Severity.HIGH,
    category="security",
    summary="COPY or ADD puts private keys or credential files into the image",
    targets=("dockerfile",),
    equivalents=("DS031",),
    references=("https://docs.docker.com/build/building/secrets/",),
)

_SSH_KEYS = frozenset(
    {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"}
)
_CREDENTIAL_FILES = {
    ".npmrc": "npm credentials",
    ".netrc": "netrc login credentials",
    ".pypirc": "PyPI credentials",
    ".pgpass": "PostgreSQL passwords",
    ".git-credentials": "git credentials",
    "credentials": "a credentials file",
    "credentials.json": "a credentials file",
    ".dockercfg": "registry credentials",
}
_KEY_STORES = {
    ".p12": "a PKCS#12 key store",
    ".pfx": "a PKCS#12 key store",
    ".jks": "a Java key store",
    ".keystore": "a Java key store",
}
_DIRECTORIES = {
    ".ssh": "the SSH directory",
    ".aws": "AWS credentials",
    ".kube": "a kubeconfig",
    ".gnupg": "GnuPG private keys",
}
_PUBLIC_FILES = frozenset({"known_hosts", "authorized_keys"})
_ENV_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults", "tmpl", "tpl"})
# words that name a .pem file as a certificate or CA bundle, or a .key file as a public key
_PUBLIC_PEM = re.compile(r"cert|crt|chain|bundle|(^|[^a-z])ca([^a-z]|$)|pub|trust")
_PUBLIC_KEY = re.compile(r"pub|gpg|signing|archive|keyring")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instruction in dockerfile.doc.walk():
        if instruction.keyword not in ("COPY", "ADD"):
            continue
        for source, span in _sources(instruction):
            what = key_material(source)
            if what is None:
                continue
            yield dockerfile.finding(
                RULE,
                f"{instruction.keyword} puts `{source}` ({what}) into an image layer, where anyone "
                f"who can pull the image can read it even if a later step deletes it; use a "
                f"build secret (RUN --mount=type=secret or type=ssh) and give run-time "
                f"credentials to the container instead",
                span,
            )


def _sources(instruction: Instruction) -> Iterator[tuple[str, Span]]:
    """The source paths of a COPY/ADD (every word but the destination), with their spans."""
    if instruction.json_args is not None:
        at = 0
        for source in instruction.json_args[:-1]:
            quoted = json.dumps(source)
            found = instruction.args.find(quoted, at)
            if found < 0:
                yield source, instruction.args_span
                continue
            at = found + len(quoted)
            yield source, instruction.locate(found + 1, at - 1)
        return
    words = instruction.words()
    for word in words[:-1]:
        if word.text.startswith("<<"):  # a heredoc's marker, not a file
            continue
        yield word.value, instruction.locate(word.start, word.end)


def key_material(source: str) -> str | None:
    """What kind of key or credential a COPY source names, or None."""
    if _URL.match(source):
        return None
    path = source.replace("\\", "/").rstrip("/")
    parts = [p.lower() for p in path.split("/") if p not in ("", ".")]
    if not parts:
        return None
    name = parts[-1]
    if name.endswith(".pub") or name in _PUBLIC_FILES:
        return None
    if name in _SSH_KEYS:
        return "an SSH private key"
    for part in parts:
        if part in _DIRECTORIES:
            return _DIRECTORIES[part]
    if ".docker" in parts and name == "config.json":
        return "registry credentials"
    if name in _CREDENTIAL_FILES:
        return _CREDENTIAL_FILES[name]
    if name in (".env", ".env*") or name.startswith(".env."):
        suffix = name[len(".env.") :] if name.startswith(".env.") else ""
        return None if suffix in _ENV_TEMPLATES else "an environment file with secrets"
    stem, ext = posixpath.splitext(name)
    if ext in _KEY_STORES:
        return _KEY_STORES[ext]
    if ext == ".pem" and not _PUBLIC_PEM.search(stem):
        return "a private key"
    if ext == ".key" and not _PUBLIC_KEY.search(stem):
        return "a private key"
    return None
