"""The ingress-nginx annotation table (``policy/data/ingress_nginx_annotations.yaml``), loaded
once; shared by KN302 (snippet annotations) and KN303 (unknown annotations)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from seawall.policy.data import read_data


@dataclass(frozen=True, slots=True)
class NginxAnnotations:
    prefix: str
    names: frozenset[str]
    snippets: frozenset[str]
    version: str
    source: str


@cache
def nginx_annotations() -> NginxAnnotations:
    text = read_data("ingress_nginx_annotations.yaml")
    raw = yaml.safe_load(text)
    return NginxAnnotations(
        prefix=str(raw["prefix"]),
        names=frozenset(str(n) for n in raw["annotations"]),
        snippets=frozenset(str(n) for n in raw["snippets"]),
        version=str(raw["version"]),
        source=str(raw["source"]),
    )
