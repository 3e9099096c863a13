"""The final image declares no `HEALTHCHECK`.

## What it checks
The final stage of a Dockerfile, together with the stages of the same file it is built `FROM`,
sets no `HEALTHCHECK`. `HEALTHCHECK NONE` is an explicit decision and is not reported. A
`HEALTHCHECK` that the external base image may define cannot be seen and does not count.

## Why it matters
Without a health check, Docker, Compose and Swarm only know whether the process is running, not
whether it works: a deadlocked server or one that lost its database keeps receiving traffic,
`depends_on: condition: service_healthy` cannot wait for it, and Swarm never replaces it.
Kubernetes ignores `HEALTHCHECK` and uses the pod's probes instead; for images that only run
there, turn the option below off and check the probes (`livenessProbe`, `readinessProbe`).

## Example
```dockerfile
FROM python:3.12-slim
COPY app /app
CMD ["python", "/app/main.py"]
```

## Fix
Add a cheap check that exercises the service, with a program the image contains:
```dockerfile
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"]
```

## References
- https://docs.docker.com/reference/dockerfile/#healthcheck
- https://docs.docker.com/reference/compose-file/services/#healthcheck

## Options
- `required` (bool, default `true`): whether every final image must declare a `HEALTHCHECK`;
  set it to `false` for images that only run under Kubernetes, where probes take its place.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF601",
    name="missing-healthcheck",
    severity=Severity.LOW,
    category="reliability",
    summary="The final image declares no HEALTHCHECK",
    targets=("dockerfile",),
    equivalents=("CKV_DOCKER_2", "DS026", "DL3057"),
    references=("https://docs.docker.com/reference/dockerfile/#healthcheck",),
    options=(
        Option(
            "required",
            True,
            "whether every final image must declare a HEALTHCHECK (false where probes replace it)",
        ),
    ),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or image.healthcheck is not None or not ctx.option("required"):
        return
    stage = image.stage
    yield dockerfile.finding(
        RULE,
        f"the final stage (`{stage.label}`) declares no HEALTHCHECK, so Docker only knows "
        "whether the process runs, not whether it works; add `HEALTHCHECK CMD …` with a "
        "program the image contains (or `HEALTHCHECK NONE` to say it is deliberate)",
        stage.from_instruction.span,
    )
