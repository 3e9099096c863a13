"""The API server's encryption at rest configuration (``EncryptionConfiguration``).

The file the kube-apiserver flag ``--encryption-provider-config`` names: a list of rules, each a
list of resources and the providers that encrypt them, in order. The first provider encrypts
every write; the others only decrypt what was written before a key rotation. ``identity`` writes
plaintext, so as the first provider it means "not encrypted".

``encryption_rules`` turns a document into typed rules; ``secrets_rule`` says which rule
governs Secrets (the first rule whose resources name them, a core-group wildcard or ``*.*``),
since the API server applies the first matching rule only.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from posixpath import basename
from typing import Any

from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.parse.yaml import Path

ENCRYPTION_API = "apiserver.config.k8s.io/v1"
ENCRYPTION_KIND = "EncryptionConfiguration"

PROVIDERS = ("identity", "aescbc", "aesgcm", "secretbox", "kms")
# Key lengths (bytes, after base64 decoding) each provider accepts.
KEY_SIZES = {"aescbc": (16, 24, 32), "aesgcm": (16, 24, 32), "secretbox": (32,)}
# Resource names that cover Secrets: the resource itself, the core group wildcard, everything.
SECRETS_NAMES = ("secrets", "secrets.", "*.", "*.*")


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    secret: Any
    path: Path  # to the key's mapping

    def decoded_length(self) -> int | None:
        """Length of the decoded secret, or None when it is not valid base64."""
        if not isinstance(self.secret, str):
            return None
        try:
            return len(base64.b64decode(self.secret.strip(), validate=True))
        except (binascii.Error, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class Provider:
    kind: str  # one of PROVIDERS, or the unknown key as written
    config: Any
    path: Path  # to the provider's mapping in the providers list

    @property
    def keys(self) -> list[Key]:
        keys = self.config.get("keys") if isinstance(self.config, dict) else None
        if not isinstance(keys, list):
            return []
        return [
            Key(str(k.get("name", "")), k.get("secret"), (*self.path, self.kind, "keys", i))
            for i, k in enumerate(keys)
            if isinstance(k, dict)
        ]

    @property
    def kms_api_version(self) -> str:
        """``v1`` (the default when unset) or ``v2``."""
        if isinstance(self.config, dict) and self.config.get("apiVersion") is not None:
            return str(self.config.get("apiVersion"))
        return "v1"


@dataclass(frozen=True, slots=True)
class EncryptionRule:
    resources: tuple[str, ...]
    providers: tuple[Provider, ...]
    path: Path  # to the rule's mapping

    @property
    def covers_secrets(self) -> bool:
        return any(r in SECRETS_NAMES for r in self.resources)

    def secrets_name(self) -> str | None:
        return next((r for r in self.resources if r in SECRETS_NAMES), None)


def is_encryption_config(resource: Resource) -> bool:
    return resource.kind == ENCRYPTION_KIND and resource.api_version.startswith(
        "apiserver.config.k8s.io/"
    )


def _providers(value: Any, base: Path) -> Iterator[Provider]:
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, dict) and item:
            kind = str(next(iter(item)))
            yield Provider(kind, item.get(kind), (*base, index))


def encryption_rules(resource: Resource) -> list[EncryptionRule]:
    rules = resource.body.get("resources")
    if not isinstance(rules, list):
        return []
    found = []
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        names = rule.get("resources")
        path = ("resources", index)
        found.append(
            EncryptionRule(
                tuple(str(n) for n in names) if isinstance(names, list) else (),
                tuple(_providers(rule.get("providers"), (*path, "providers"))),
                path,
            )
        )
    return found


def secrets_rule(rules: list[EncryptionRule]) -> EncryptionRule | None:
    """The rule the API server applies to Secrets: the first one that covers them."""
    return next((r for r in rules if r.covers_secrets), None)


def secrets_unencrypted(resource: Resource) -> str | None:
    """Why Secrets written through this configuration are stored in plaintext, or None."""
    rule = secrets_rule(encryption_rules(resource))
    if rule is None:
        return "no rule lists secrets"
    if not rule.providers:
        return None  # the API server rejects a rule without providers; reported elsewhere
    if rule.providers[0].kind == "identity":
        return "its first provider for secrets is identity"
    return None


def configs_by_file_name(graph: ResourceGraph) -> dict[str, list[Resource]]:
    """EncryptionConfiguration documents of the scan, by the file name they were read from."""
    return graph.derived("encryption-configs-by-name", _by_name)


def _by_name(graph: ResourceGraph) -> dict[str, list[Resource]]:
    found: dict[str, list[Resource]] = {}
    for resource in graph.of_kind(ENCRYPTION_KIND):
        if is_encryption_config(resource):
            found.setdefault(basename(str(resource.source.path)), []).append(resource)
    return found


def matching_configs(graph: ResourceGraph, flag_value: str) -> list[Resource]:
    """The scanned EncryptionConfiguration files whose name is the flag's file name (the scan
    cannot see the node's file system, so the file name is the link)."""
    return configs_by_file_name(graph).get(basename(flag_value.strip()), [])
