"""The image's final `USER` is a name, so Kubernetes cannot verify it is not root.

## What it checks
The last `USER` of the final image (following `FROM <stage>` back to the stage that sets it)
when its user part is a name such as `appuser` or `nobody` rather than a number. `root` is left
to DF101, and a user that comes from a build argument without a default is not judged. The group
part (`USER 10001:appgroup`) is not checked: only the user decides whether the container runs
as root.

## Why it matters
A pod with `runAsNonRoot: true` (required by the `restricted` Pod Security Standard) must prove
the container does not start as uid 0. The kubelet reads the image's user; a name would need the
image's `/etc/passwd`, which it does not read, so it refuses to start the container:
`container has runAsNonRoot and image has non-numeric user (appuser), cannot verify user is
non-root`, and the Deployment never becomes ready. Setting `runAsUser` in every manifest works
around it, but then the uid lives in two places that drift apart.

## Example
```dockerfile
FROM alpine:3.22
RUN adduser -D -u 10001 appuser
USER appuser
```

## Fix
Use the number the user was created with (the name can stay for people reading the file):
```dockerfile
RUN adduser -D -u 10001 appuser
USER 10001:10001
```

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- https://docs.docker.com/reference/dockerfile/#user
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import UserSetting
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF102",
    name="non-numeric-user",
    severity=Severity.MEDIUM,
    category="security",
    summary="The image's final USER is a name, so Kubernetes cannot verify it is not root",
    targets=("dockerfile",),
    equivalents=("DL3066",),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://docs.docker.com/reference/dockerfile/#user",
    ),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or image.user is None:
        return
    user = image.user
    name = user.user
    if not name or user.unresolved or name.isdigit() or user.is_root:
        return
    yield dockerfile.finding(
        RULE,
        f"the final image runs as the user name `{name}`: a pod with runAsNonRoot refuses to "
        f'start it ("image has non-numeric user") unless the manifest also sets runAsUser; '
        f"write the numeric uid (USER <uid>:<gid>) the user was created with",
        _name_span(user),
    )


def _name_span(user: UserSetting) -> Span:
    """The user name itself when written out (`USER app:app` points at the first `app`)."""
    instruction = user.instruction
    if instruction.args.startswith(user.user) and user.text == user.value:
        return instruction.locate(0, len(user.user))
    return user.span
