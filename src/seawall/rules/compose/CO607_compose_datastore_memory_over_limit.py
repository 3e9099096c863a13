"""A datastore's own memory setting reaches its container's memory limit.

## What it checks
Services with a memory limit (`deploy.resources.limits.memory` or `mem_limit`) whose command
configures the datastore's memory:
- Redis: `--maxmemory` at or above the limit;
- PostgreSQL: `-c shared_buffers=` at or above the limit, or `-c effective_cache_size=` above
  it.
Sizes are read with each program's units (Redis: `mb`/`gb` are binary, `m`/`g` decimal;
PostgreSQL: `kB`/`MB`/`GB`, a bare number counting 8 kB pages).

## Why it matters
`maxmemory` counts only the dataset: Redis needs more for buffers, fragmentation and the
copy-on-write of a fork during `BGSAVE`/AOF rewrite; a `maxmemory` equal to the container limit
gets the server OOM-killed before eviction starts. PostgreSQL's `shared_buffers` is allocated
on top of per-connection memory (`work_mem` per sort); `effective_cache_size` tells the planner
how much the OS caches, and a value larger than the container can hold makes it choose plans for
a cache that does not exist.

## Example
```yaml
services:
  redis:
    image: redis:7.4.1
    command: redis-server --maxmemory 512mb
    deploy:
      resources:
        limits:
          memory: 512M
```

## Fix
Leave headroom: `maxmemory` about 75% of the limit (less with persistence), `shared_buffers`
about 25% and `effective_cache_size` at most about 75% of the limit.

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/
- https://www.postgresql.org/docs/current/runtime-config-resource.html
- https://docs.docker.com/reference/compose-file/deploy/#resources
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import (
    command_words,
    human,
    image_is,
    memory_limit,
    option_value,
)

RULE = Rule(
    code="CO607",
    name="compose-datastore-memory-over-limit",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A datastore's own memory setting reaches its container's memory limit",
    targets=("compose-service",),
    references=(
        "https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/",
        "https://www.postgresql.org/docs/current/runtime-config-resource.html",
    ),
)

_REDIS = re.compile(r"^(\d+)(k|kb|m|mb|g|gb)?$", re.IGNORECASE)
_REDIS_UNITS = {
    "": 1, "k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2, "g": 1000**3, "gb": 1024**3,
}  # fmt: skip
_PG = re.compile(r"^(\d+)\s*(B|kB|MB|GB|TB)?$")
_PG_UNITS = {"B": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


_REDIS_WHY = (
    "Redis needs memory beyond the dataset (buffers, fragmentation, the fork of a save or AOF "
    "rewrite), so it is OOM-killed before eviction starts; use about 75% of the limit"
)
_BUFFERS_WHY = (
    "connections, `work_mem` and maintenance need memory on top, so the server is OOM-killed "
    "under load; use about 25% of the limit"
)
_CACHE_WHY = (
    "the planner assumes a cache the container cannot hold and picks plans for it; use at most "
    "about 75% of the limit"
)


def _redis_bytes(text: str) -> int | None:
    match = _REDIS.match(text.strip())
    return int(match[1]) * _REDIS_UNITS[(match[2] or "").lower()] if match else None


def _pg_bytes(text: str) -> int | None:
    match = _PG.match(text.strip())
    if match is None:
        return None
    return int(match[1]) * (_PG_UNITS[match[2]] if match[2] else 8192)


def _pg_settings(words: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for index, word in enumerate(words):
        setting = None
        if word == "-c" and index + 1 < len(words):
            setting = words[index + 1]
        elif word.startswith(("-c", "--")) and "=" in word:
            setting = word[2:]
        if setting and "=" in setting:
            name, _, value = setting.partition("=")
            out[name.strip().replace("-", "_")] = value.strip()
    return out


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    limit = memory_limit(service)
    if limit is None:
        return
    words = command_words(service)
    checks: list[tuple[str, int, str]] = []  # setting, bytes, consequence and advice
    if image_is(service, "redis", "redis-stack-server", "valkey", "keydb"):
        text = option_value(words, "--maxmemory")
        size = _redis_bytes(text) if text else None
        if text and size:
            checks.append((f"--maxmemory {text}", size, _REDIS_WHY))
    if image_is(service, "postgres", "postgis", "timescaledb", "pgvector"):
        settings = _pg_settings(words)
        for name, advice in (
            ("shared_buffers", _BUFFERS_WHY),
            ("effective_cache_size", _CACHE_WHY),
        ):
            if name in settings:
                size = _pg_bytes(settings[name])
                if size:
                    checks.append((f"{name}={settings[name]}", size, advice))
    for setting, size, advice in checks:
        if size < limit.bytes:
            continue
        relation = "equals" if size == limit.bytes else "exceeds"
        yield service.finding(
            RULE,
            f"service {service.name}: `{setting}` ({human(size)}) {relation} the container's "
            f"memory limit {limit.text} ({human(limit.bytes)}): {advice}",
            "command",
        )
