"""A Redis service runs without authentication.

## What it checks
Services whose image is Redis (`redis`, `bitnami/redis`, `redis-stack-server`, `valkey`) whose
command sets neither `--requirepass` nor `--aclfile` and does not load a configuration file
(`redis-server /path/redis.conf`, which may set them), and, for images that read it from the
environment (Bitnami's `REDIS_PASSWORD`, redis-stack's `REDIS_ARGS`), no such variable. The
official image ignores `REDIS_PASSWORD`: only the command counts there. Bitnami's
`ALLOW_EMPTY_PASSWORD=yes` is reported.

## Why it matters
Redis without a password accepts every command from anyone who reaches the port: reading and
deleting all data, and `CONFIG SET dir`/`dbfilename` tricks that write files, a classic path to
code execution. On a shared network any compromised container reaches it.

## Example
```yaml
services:
  cache:
    image: redis:7.4.1
    command: redis-server --appendonly yes
```

## Fix
`command: redis-server --requirepass "$${REDIS_PASSWORD}"` with the password from a secret or
env file, or an ACL file; and keep the port off the host.

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/
- https://hub.docker.com/_/redis
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import command_words, image_is, image_name

RULE = Rule(
    code="CO608",
    name="compose-redis-no-auth",
    severity=Severity.MEDIUM,
    category="security",
    summary="A Redis service runs without authentication",
    targets=("compose-service",),
    references=("https://redis.io/docs/latest/operate/oss_and_stack/management/security/",),
)

_ENV_AUTH = {"REDIS_PASSWORD", "REDIS_PASSWORD_FILE", "VALKEY_PASSWORD", "VALKEY_PASSWORD_FILE"}


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    if not image_is(service, "redis", "redis-stack-server", "redis-stack", "valkey"):
        return
    words = command_words(service) + command_words(service, "entrypoint")
    joined = " ".join(words)
    if "--requirepass" in joined or "--aclfile" in joined or "requirepass" in joined:
        return
    if any(w.endswith(".conf") for w in words):
        return  # a configuration file may set a password: not judged
    name = image_name(service)
    reads_env = name.startswith("bitnami/") or "redis-stack" in name
    env = {v.name: v.value for v in service.environment()}
    empty_allowed = (env.get("ALLOW_EMPTY_PASSWORD") or "").strip().lower() in ("yes", "true")
    if reads_env and not empty_allowed:
        if "requirepass" in (env.get("REDIS_ARGS") or ""):
            return
        if any(key in env for key in _ENV_AUTH):
            return  # set here, or passed through from the shell
    ignored = (
        " (the official image ignores REDIS_PASSWORD)"
        if not reads_env and "REDIS_PASSWORD" in env
        else ""
    )
    yield service.finding(
        RULE,
        f"service {service.name} runs Redis without a password{ignored}: anyone who reaches "
        "the port reads and rewrites all data; start it with `--requirepass` (from a secret) "
        "or an ACL file",
        *(("command",) if service.get("command") is not None else ()),
    )
