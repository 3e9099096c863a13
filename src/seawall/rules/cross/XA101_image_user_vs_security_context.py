"""The image's USER contradicts the workload's runAsNonRoot / runAsUser.

## What it checks
Containers whose image is built by a Dockerfile of the scan set (matched by the configuration's
`images`, a compose service's `build` + `image`, or the Dockerfile's name), compared with the
container's effective security context (its own `securityContext`, else the pod's):

- the image runs as root (no `USER`, or `USER root`, `0`, `0:0`) while `runAsNonRoot: true` is
  set without a numeric `runAsUser`: high;
- the image's `USER` is a name (`USER app`) while `runAsNonRoot: true` is set without a numeric
  `runAsUser`: the kubelet cannot verify that a name is not root: high;
- the image has a non-root `USER` but the manifest sets `runAsUser: 0`: medium.

A `USER` that depends on a build argument without a default is not judged.

## Why it matters
The kubelet checks `runAsNonRoot` against the image's user before it starts the container; a
root or non-numeric user fails with `CreateContainerConfigError` ("container has runAsNonRoot
and image will run as root" or "image has non-numeric user ... cannot verify user is
non-root"), and the rollout never becomes ready. `runAsUser: 0` silently throws away the
hardening the Dockerfile did.

## Example
```dockerfile
FROM alpine:3.20
RUN adduser -D -u 10001 app
USER app
```
```yaml
      securityContext:
        runAsNonRoot: true          # no runAsUser: the kubelet cannot check `app`
      containers:
        - name: web
          image: registry.example.com/team/web:1.4.0
```

## Fix
Use a numeric `USER 10001` in the Dockerfile (or `USER 10001:10001`), or set `runAsUser` to the
image's non-root UID in the manifest. Remove `runAsUser: 0` unless the container really must
run as root.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
- https://docs.docker.com/reference/dockerfile/#user
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.built_images import BuiltImage
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.rules.cross._shared import containers_with_images, where

RULE = Rule(
    code="XA101",
    name="image-user-vs-security-context",
    severity=Severity.HIGH,
    category="correctness",
    summary="The image's USER contradicts the workload's runAsNonRoot or runAsUser",
    targets=("pod-spec",),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1",
        "https://docs.docker.com/reference/dockerfile/#user",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container, built in containers_with_images(pod, ctx):
        finding = _compare(container, built)
        if finding is not None:
            yield finding


def _compare(container: ContainerView, built: BuiltImage) -> Finding | None:
    image = built.image
    user = image.user
    non_root, non_root_path = container.effective("runAsNonRoot")
    run_as, run_as_path = container.effective("runAsUser")
    uid = run_as if isinstance(run_as, int) and not isinstance(run_as, bool) else None
    if uid == 0 and run_as_path is not None:
        if image.runs_as_root is not False or user is None:
            return None
        outcome = (
            "with runAsNonRoot: true as well, the kubelet refuses to start it"
            if non_root is True
            else "the container runs as root after all"
        )
        message = (
            f"{where(container)} sets runAsUser: 0, overriding the image's non-root "
            f"`USER {user.text}` ({built.at(user.instruction.span.line)}): {outcome}; drop "
            "runAsUser: 0, or set it to the image's UID"
        )
        finding = container.finding_at(RULE, message, run_as_path, at_value=True)
        return replace(finding, severity=Severity.MEDIUM)
    if non_root is not True or non_root_path is None or uid is not None:
        return None
    root = image.runs_as_root
    if root is True:
        if user is None:
            base = image.root_stage.from_instruction
            what = (
                f"sets no USER, so it runs as root, the default of its base image "
                f"`{image.base_image}` ({built.at(base.span.line)})"
            )
        else:
            what = f"runs as root (`USER {user.text}` at {built.at(user.instruction.span.line)})"
        message = (
            f"the image of {where(container)}, built by {built.display}, {what}, while "
            "runAsNonRoot: true is set without runAsUser: the kubelet refuses to start the "
            "container (CreateContainerConfigError); add a numeric non-root `USER` to the "
            "Dockerfile or set runAsUser to a non-zero UID"
        )
        return container.finding_at(RULE, message, non_root_path)
    if root is False and user is not None and not user.user.isdigit():
        message = (
            f"the image of {where(container)} runs as the user name `{user.user}` "
            f"(`USER {user.text}` at {built.at(user.instruction.span.line)}) while runAsNonRoot: "
            "true is set without runAsUser: the kubelet cannot verify that a name is not root "
            "and refuses to start the container (CreateContainerConfigError); write the UID "
            f"(`USER <uid>`) in the Dockerfile or set runAsUser to the UID of `{user.user}`"
        )
        return container.finding_at(RULE, message, non_root_path)
    return None
