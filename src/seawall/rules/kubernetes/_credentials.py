"""Recognising credentials in text without ever repeating them (KS201, KS401, KS402).

``credential_kind`` names what a value looks like from its shape alone (a PEM private key, an
AWS access key, a JSON Web Token, a URL with a password...); ``key_kind`` names it from the key
or variable that holds it. Messages use these descriptions, never the value.
"""

from __future__ import annotations

import re

from seawall.rules.kubernetes.KS202_secret_in_env_literal import is_placeholder, secret_like

# Shapes that are credentials wherever they appear, most specific first.
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Google service account key", re.compile(r'"type"\s*:\s*"service_account"')),
    ("a private key (PEM)", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
    ("a PGP private key", re.compile(r"-----BEGIN PGP PRIVATE KEY BLOCK-----")),
    (
        "a Docker registry login",
        re.compile(r'"auths"\s*:\s*\{[^}]*"[^"]+"\s*:\s*\{[^}]*"(?:auth|password)"\s*:\s*"[^"]'),
    ),
    (
        "a kubeconfig with credentials",
        re.compile(r"(?m)^\s*(?:client-key-data|token|password):\s*[^\s{$<]"),
    ),
    ("an AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{50,})")),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
    (
        "a JSON Web Token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ),
    ("password hashes (htpasswd)", re.compile(r"(?m)^[^:\s]+:(?:\$apr1\$|\$2[aby]\$|\{SHA\})")),
)
# user:password@ in a URL; the password group is checked for placeholders
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@")
_CERTIFICATE = re.compile(r"-----BEGIN (?:TRUSTED )?CERTIFICATE-----")
_PRIVATE = re.compile(r"PRIVATE KEY")
_KUBECONFIG = re.compile(r"(?m)^\s*clusters:")


def _url_password(text: str) -> bool:
    for match in _URL_PASSWORD.finditer(text):
        password = match.group(1)
        if not is_placeholder(password) and not password.startswith(("$", "{{", "%", "*")):
            return True
    return False


def credential_kind(text: str) -> str | None:
    """What ``text`` looks like when its shape alone says it is a credential; else None."""
    for kind, pattern in _SHAPES:
        if kind == "a kubeconfig with credentials" and not _KUBECONFIG.search(text):
            continue
        if pattern.search(text):
            return kind
    if _url_password(text):
        return "a URL with an embedded password"
    return None


def is_public_certificate(text: str) -> bool:
    """Only certificates (public by design), no private key."""
    return bool(_CERTIFICATE.search(text)) and not _PRIVATE.search(text)


_KEY_KINDS = (
    (re.compile(r"(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|PASS|PWD)(?:_|$)"), "a password"),
    (re.compile(r"(?:^|_)PRIVATE_?KEY(?:_|$)"), "a private key"),
    (re.compile(r"(?:^|_)API_?KEY(?:_|$)"), "an API key"),
    (re.compile(r"(?:^|_)ACCESS_?KEY(?:_|$)"), "an access key"),
    (re.compile(r"(?:^|_)TOKEN(?:_|$)"), "a token"),
    (re.compile(r"(?:^|_)CREDENTIALS?(?:_|$)"), "credentials"),
    (re.compile(r"(?:^|_)SECRET(?:_|$)"), "a secret"),
    (re.compile(r"(?:^|_)KEY$"), "a key"),
)


def normal_key(name: str) -> str:
    """``dbPassword`` / ``db-password`` / ``tls.key`` -> ``DB_PASSWORD`` / ``TLS_KEY``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).upper().strip("_")


def key_kind(key: str) -> str | None:
    """What a key's name says it holds (``a password``, ``a token``...), or None."""
    normal = normal_key(key)
    for pattern, kind in _KEY_KINDS:
        if pattern.search(normal):
            return kind
    return None


def describe(key: str, text: str | None) -> str:
    """The best description of a Secret value: its shape, else its key's name."""
    if text is not None:
        kind = credential_kind(text)
        if kind is not None:
            return kind
        if is_public_certificate(text):
            return "a certificate"
    return key_kind(key) or ("a value that does not decode to text" if text is None else "a value")


# ``name = value`` / ``name: value`` lines of embedded configuration files
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*[;,]?\s*$")
# code (``token=os.environ["X"]``) or lists of words (nsswitch's ``passwd: files sss``)
_NOT_LITERAL = re.compile(r"[\s()\[\]]")
_NSSWITCH_SOURCES = frozenset({"files", "compat", "db", "nis", "sss", "systemd", "ldap", "dns"})
_INDIRECT = re.compile(r"^(?:ENC\(|\$|%\(|env:|vault:|secret:|ref\+|file:|/)", re.IGNORECASE)


def secret_assignment(text: str) -> tuple[int, str] | None:
    """The first line (1-based) of a multi-line configuration text that assigns a literal to a
    secret-looking name, and that name; None when there is none."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        name, value = match.group(1), match.group(2).strip().strip("'\"")
        leaf = name.rsplit(".", 1)[-1]
        if not secret_like(leaf) or not value or value in ("|", ">", "{", "[", "null", "~"):
            continue
        if is_placeholder(value) or _INDIRECT.match(value) or _NOT_LITERAL.search(value):
            continue
        if leaf.lower() == "passwd" and value in _NSSWITCH_SOURCES:
            continue  # nsswitch.conf's "passwd: compat" names a lookup source
        return number, name
    return None
