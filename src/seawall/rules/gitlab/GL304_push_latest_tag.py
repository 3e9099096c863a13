"""A job pushes the mutable `latest` tag.

## What it checks
`docker push` (and `docker image push`, `docker buildx build --push`) of an image whose tag,
after variables, is `latest` or missing (`docker push app` pushes `app:latest`).

## Why it matters
Every pipeline that runs (a branch, a retried old pipeline, a merge request pipeline when the
job is not restricted) moves `latest`, so what `latest` means depends on which job finished
last. Anything deploying or building `FROM` that tag gets an untested or older image, rollbacks
have no name to roll back to, and caches make nodes disagree on what `latest` is.

## Example
```yaml
build:
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA -t $CI_REGISTRY_IMAGE:latest .
    - docker push $CI_REGISTRY_IMAGE:latest
```

## Fix
Push immutable tags (the commit SHA, the release tag) and deploy those; if a moving tag is
wanted, push it only from the default branch or tags, named for what it means (`stable`):
```yaml
build:
  script:
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
```

## References
- https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
- https://kubernetes.io/docs/concepts/containers/images/#image-names
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import parsed_lines, pushed_images
from seawall.model.image import parse_image

RULE = Rule(
    code="GL304",
    name="pipeline-pushes-latest-tag",
    severity=Severity.LOW,
    category="supply-chain",
    summary="A job pushes the mutable latest tag",
    targets=("gitlab-job",),
    references=(
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
        "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    for parsed in parsed_lines(job):
        for cmd in parsed.script.commands:
            for image in pushed_images(cmd):
                expanded = job.expand(image)
                tag = parse_image(expanded).tag
                if tag not in (None, "latest") or "$" in (tag or expanded.rpartition("/")[2]):
                    continue
                yield job.finding(
                    RULE,
                    f"`{image}` pushes the tag `latest`, which every run of this job moves: "
                    "deployments and `FROM` lines using it get whichever build finished last; "
                    "push and deploy immutable tags (`$CI_COMMIT_SHA`, the release tag)",
                    *parsed.line.path,
                    span=parsed.span_of(cmd),
                )
