"""The image's final stage runs as root.

## What it checks
The final stage of a Dockerfile (following `FROM <stage>` back to the stage that sets it) whose
last `USER` is `root` or `0`, or that never sets `USER`, so the base image's default applies
(root for almost every base; the distroless `nonroot` tags and Chainguard's `static` image are
recognised as non-root). Earlier build stages may run as root: only the final image ships.

## Why it matters
A process running as root inside the container is root on the host's kernel, held back only by
namespaces and capabilities. A Kubernetes pod with `runAsNonRoot: true` refuses to start such an
image, so the mistake shows up either as a security gap or as a failed deployment.

## Example
```dockerfile
FROM python:3.12-slim
COPY app /app
CMD ["python", "/app/main.py"]
```

## Fix
Create an unprivileged user and switch to it, by number so that Kubernetes can verify it:
```dockerfile
RUN useradd --uid 10001 --no-create-home app
USER 10001
```

## References
- https://docs.docker.com/reference/dockerfile/#user
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF101",
    name="runs-as-root",
    severity=Severity.MEDIUM,
    category="security",
    summary="The image's final stage runs as root",
    targets=("dockerfile",),
    equivalents=("DL3002", "CKV_DOCKER_3", "CKV_DOCKER_8", "DS002"),
    references=("https://docs.docker.com/reference/dockerfile/#user",),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or image.runs_as_root is not True:
        return
    user = image.user
    if user is not None:
        yield dockerfile.finding(
            RULE,
            f"the final image runs as `{user.value}`: switch to an unprivileged numeric user "
            "(USER 10001) after the steps that need root",
            user.span,
        )
        return
    stage = image.stage
    yield dockerfile.finding(
        RULE,
        f"the final stage (`{stage.label}`) never sets USER, so it runs as the base image's "
        f"default user, root; add `USER <uid>` with an unprivileged numeric id",
        stage.from_instruction.span,
    )
