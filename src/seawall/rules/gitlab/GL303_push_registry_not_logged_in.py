"""A job pushes an image to a registry other than the one it logs in to.

## What it checks
Jobs whose scripts (inherited `before_script` included) run `docker login` and push images
(`docker push`, `docker image push`, `docker buildx build --push`): after variables are
expanded (pipeline, job and GitLab's predefined ones, so `$CI_REGISTRY_IMAGE` is known to live
in `$CI_REGISTRY`), the registry of each pushed image is compared with the registries logged in
to. A push to a registry no `docker login` of the job names is reported at the push, naming
both. Jobs without any `docker login` (credentials from `DOCKER_AUTH_CONFIG` or a credential
helper) and registries given by variables seawall cannot resolve are not judged.

## Why it matters
The push either fails with `unauthorized` (the pipeline breaks at release time), or works only
because the runner has credentials configured somewhere else, which then silently decide
where releases go. Often it means the image goes to a different registry than the one the
deployments pull from: `$CI_REGISTRY` is GitLab's registry, while `registry.company.com` is
another one unless the instance is configured with exactly that name.

## Example
```yaml
variables:
  IMAGE_NAME: registry.company.com/$CI_PROJECT_PATH
before_script:
  - echo $CI_REGISTRY_PASSWORD | docker login -u $CI_REGISTRY_USER --password-stdin $CI_REGISTRY
build:
  script:
    - docker push $IMAGE_NAME:$CI_COMMIT_SHA
```

## Fix
Push to the registry you log in to (`$CI_REGISTRY_IMAGE` for GitLab's), or log in to the
registry you push to:
```yaml
variables:
  IMAGE_NAME: $CI_REGISTRY_IMAGE
```

## References
- https://docs.gitlab.com/user/packages/container_registry/authenticate_with_container_registry/
- https://docs.docker.com/reference/cli/docker/login/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import (
    image_registry,
    login_registry,
    parsed_lines,
    pushed_images,
    registry_name,
)

RULE = Rule(
    code="GL303",
    name="pipeline-push-registry-not-logged-in",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A job pushes an image to a registry other than the one it logs in to",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/user/packages/container_registry/authenticate_with_container_registry/",
        "https://docs.docker.com/reference/cli/docker/login/",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    lines = list(parsed_lines(job))
    logins: list[tuple[str, str]] = []  # (normalised registry, as written)
    for parsed in lines:
        for cmd in parsed.script.commands:
            written = login_registry(cmd)
            if written is not None:
                logins.append((registry_name(job.expand(written)), written))
    if not logins:
        return
    known = {name for name, _ in logins}
    if any("$" in name and not name.startswith("$CI_") for name in known):
        return  # logged in to a registry seawall cannot name
    for parsed in lines:
        for cmd in parsed.script.commands:
            for image in pushed_images(cmd):
                expanded = job.expand(image)
                registry = image_registry(expanded)
                if registry in known or ("$" in registry and not registry.startswith("$CI_")):
                    continue
                login_text = ", ".join(f"`{w}`" + (f" ({n})" if n != w else "") for n, w in logins)
                unless = (
                    f" (unless this instance's `$CI_REGISTRY` is `{registry}`)"
                    if "$CI_REGISTRY" in known and "$" not in registry
                    else ""
                )
                yield job.finding(
                    RULE,
                    f"`{image}` (`{expanded}`) is pushed to {_describe(registry)}, but "
                    f"the job logs in only to {login_text}{unless}: the push fails as "
                    "unauthorized, or uses credentials configured elsewhere; push to the registry "
                    "you log in to (`$CI_REGISTRY_IMAGE`) or add a `docker login` for this one",
                    *parsed.line.path,
                    span=parsed.span_of(cmd),
                )


def _describe(registry: str) -> str:
    if registry == "$CI_REGISTRY":
        return "GitLab's registry `$CI_REGISTRY`"
    return f"`{registry}`"
