"""A job or service image has no tag, or the tag `latest`.

## What it checks
The `image:` of every job (its own, or the one it inherits from `default:`, the top level or an
`extends` parent) and each of its `services:`, after variables are expanded
(`$IMAGE_NAME:latest` with `IMAGE_NAME: registry.example.com/app` is
`registry.example.com/app:latest`). An image with no tag or the tag `latest` is reported.

An image tagged with the commit or pipeline (`$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`, the image the
pipeline just built) is pinned to this run and not reported; an image whose tag is a variable
seawall cannot resolve is not judged.

## Why it matters
`latest` is whatever was pushed last: the job runs a different tool from one day to the next,
builds stop being reproducible, and a compromised or broken upstream release reaches the
pipeline (and its secrets) at the next run without any change in the repository.

## Example
```yaml
security-scan:
  image: aquasec/trivy:latest
```

## Fix
Name a version, and preferably its digest:
```yaml
security-scan:
  image: aquasec/trivy:0.56.2@sha256:<digest>
```

## References
- https://docs.gitlab.com/ci/yaml/#image
- https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.rules.gitlab._images import images_without_digest

RULE = Rule(
    code="GL101",
    name="pipeline-image-mutable-tag",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A job or service image has no tag, or the tag latest",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#image",
        "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    for use, ref in images_without_digest(job):
        if "$" in (ref.tag or "") or (ref.tag is None and "$" in ref.repository):
            continue  # a variable seawall cannot resolve
        if ref.tag is not None and ref.tag != "latest":
            continue
        what = "the tag `latest`" if ref.tag else "no tag (so `latest`)"
        shown = f"`{use.text}`" + (f" (`{use.expanded}`)" if use.expanded != use.text else "")
        yield job.finding(
            RULE,
            f"{use.kind} {shown} has {what}: the job runs whatever was pushed last; pin a "
            "version tag, better its digest (`name:1.2.3@sha256:...`)",
            *use.path,
            at_value=True,
        )
