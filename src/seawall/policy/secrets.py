"""Recognising secrets without ever repeating them: by the name that holds a value, by the
value's shape, and telling placeholders from literals.

Every rule family that looks for credentials (Dockerfile DF401, compose CO401, Kubernetes
KS201/KS202/KS401/KS402, GitLab GL201-GL203, Helm HM101/HM103) decides with these helpers, so a
name or value is judged the same way in every kind of file. Messages use the descriptions
returned here, never the value.

Two name tests exist on purpose:
- ``secret_name`` (variables: Dockerfile ARG/ENV, compose and CI variables) splits a name into
  words and knows loose words (``pass``, ``pwd``, ``creds``, a trailing ``auth``): environment
  variables are flat, so such a word nearly always names the credential itself;
- ``secret_like`` (keys of structured configuration: Kubernetes env and ConfigMap keys, Helm
  values) keeps to unambiguous words, because in nested configuration ``auth:``, ``pass:`` or
  ``creds:`` usually names a section or a setting, not a secret.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

__all__ = [
    "credential_kind",
    "describe",
    "is_placeholder",
    "is_public_certificate",
    "key_kind",
    "name_words",
    "normal_key",
    "secret_assignment",
    "secret_like",
    "secret_name",
    "secret_value_kind",
]

# -------------------------------------------------------------------------------- names

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
     "count", "user", "username", "algorithm", "lifetime", "min", "max", "rotation", "method"}
)  # fmt: skip
# names that contain a secret word but are well-known non-secrets
_NOT_SECRETS = frozenset({"pwd", "oldpwd", "secret_key_base_dummy"})
# ...except that a key id paired with a secret key is reported all the same
_ALWAYS = frozenset({"aws_access_key_id"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


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


_SECRET_WORD = re.compile(
    r"(?:^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|"
    r"CREDENTIALS?)(?:_|$)"
)
_REFERENCE_SUFFIXES = (
    "_FILE", "_PATH", "_DIR", "_URL", "_URI", "_ENDPOINT", "_NAME", "_REF", "_ID", "_TTL",
    "_TIMEOUT", "_LIFETIME", "_EXPIRY", "_EXPIRATION", "_HEADER", "_ENABLED", "_TYPE",
    "_LENGTH", "_SIZE", "_MOUNT", "_KEY_ID", "_VERSION",
)  # fmt: skip


def normal_key(name: str) -> str:
    """``dbPassword`` / ``db-password`` / ``tls.key`` -> ``DB_PASSWORD`` / ``TLS_KEY``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).upper().strip("_")


def secret_like(name: str) -> bool:
    """Whether a configuration key says it holds a secret (the narrower test, see above)."""
    normal = normal_key(name)
    return bool(_SECRET_WORD.search(normal)) and not normal.endswith(_REFERENCE_SUFFIXES)


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


def key_kind(key: str) -> str | None:
    """What a key's name says it holds (``a password``, ``a token``...), or None."""
    normal = normal_key(key)
    for pattern, kind in _KEY_KINDS:
        if pattern.search(normal):
            return kind
    return None


# -------------------------------------------------------------------------------- placeholders

# flags such as MYSQL_ALLOW_EMPTY_PASSWORD=yes, never a credential
_FLAG_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})
# values left to be filled in at deploy time: references ($(VAR), ${VAR}), templates ({{ }}),
# <replace-me>, %VAR%, __VAR__, masks (xxx, ***) and the usual words
_PLACEHOLDER = re.compile(
    r"^(\$\(.*\)|\$\{.*\}|\{\{.*\}\}|<[^<>]*>|%\w+%|__\w+__|x{3,}|\*{3,}|"
    r"replace[-_ ]?me|to[-_ ]?be[-_ ]?replaced|placeholder|your[-_ ].*[-_ ]here)$",
    re.IGNORECASE,
)


def is_placeholder(value: str, *, flags_and_paths: bool = True) -> bool:
    """Empty or a placeholder, and with ``flags_and_paths`` also a yes/no flag or a file path:
    not a credential. KS201 passes False: every value of a Secret is secret data, so there a
    flag or a path still counts as committed data."""
    text = value.strip()
    if not text or _PLACEHOLDER.match(text):
        return True
    return flags_and_paths and (text.lower() in _FLAG_VALUES or text.startswith(("/", "./", "~/")))


# -------------------------------------------------------------------------------- values

# token formats recognised in both tables below
_AWS_ACCESS_KEY = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_GITHUB_TOKEN = re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}")
_GITLAB_TOKEN = re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")
_SLACK_TOKEN = re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")
_JSON_WEB_TOKEN = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")

# what a single literal (a variable's value) looks like; the wording is that of DF401/GL203
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_AWS_ACCESS_KEY, "an AWS access key id"),
    (re.compile(r"-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----"), "a private key"),
    (_GITHUB_TOKEN, "a GitHub token"),
    (_GITLAB_TOKEN, "a GitLab token"),
    (_SLACK_TOKEN, "a Slack token"),
    (_JSON_WEB_TOKEN, "a JSON Web Token"),
)
_RANDOM_LITERAL = re.compile(r"[A-Za-z0-9+/=_-]{32,}\Z")
_HEX = re.compile(r"[0-9a-fA-F]+\Z")
_MIN_ENTROPY = 4.0  # bits per character
_MIN_CLASS_CHANGES = 0.3  # random base64 changes class at about 2 characters in 3
_MAX_WORD_STARTS = 0.75  # share of capitals followed by a lower-case letter (random: about 0.4)


def secret_value_kind(value: str) -> str | None:
    """What kind of credential a literal value looks like (a token format, or a long random
    string), or None."""
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


# Shapes that are credentials wherever they appear in a text (a whole file or a value), most
# specific first; the wording is that of the Kubernetes and Helm rules.
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
    ("an AWS access key", _AWS_ACCESS_KEY),
    ("a GitHub token", _GITHUB_TOKEN),
    ("a GitLab token", _GITLAB_TOKEN),
    ("a Slack token", _SLACK_TOKEN),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
    ("a JSON Web Token", _JSON_WEB_TOKEN),
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


# A literal every match of each shape contains: a plain substring test rules a shape out far
# faster than its regex on a long text (a dashboard's JSON in a ConfigMap).
_NEEDS: dict[str, tuple[str, ...]] = {
    "a Google service account key": ('"service_account"',),
    "a private key (PEM)": ("PRIVATE KEY-----",),
    "a PGP private key": ("PGP PRIVATE KEY BLOCK",),
    "a Docker registry login": ('"auths"',),
    "a kubeconfig with credentials": ("clusters:",),
    "an AWS access key": ("AKIA", "ASIA"),
    "a GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "a GitLab token": ("glpat-",),
    "a Slack token": ("xox",),
    "a Google API key": ("AIza",),
    "a Stripe secret key": ("k_live_",),
    "a JSON Web Token": ("eyJ",),
    "password hashes (htpasswd)": ("$apr1$", "$2a$", "$2b$", "$2y$", "{SHA}"),
}


def credential_kind(text: str) -> str | None:
    """What ``text`` looks like when its shape alone says it is a credential; else None."""
    for kind, pattern in _SHAPES:
        if not any(literal in text for literal in _NEEDS[kind]):
            continue
        if kind == "a kubeconfig with credentials" and not _KUBECONFIG.search(text):
            continue
        if pattern.search(text):
            return kind
    if "://" in text and _url_password(text):
        return "a URL with an embedded password"
    return None


def is_public_certificate(text: str) -> bool:
    """Only certificates (public by design), no private key."""
    return bool(_CERTIFICATE.search(text)) and not _PRIVATE.search(text)


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
