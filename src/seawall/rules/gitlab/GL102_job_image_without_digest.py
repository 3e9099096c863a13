"""A job or service image is not pinned by digest.

## What it checks
The `image:` and `services:` of every job (after `default:`, `extends` and variables) that name
an image without `@sha256:...`. Images the pipeline itself builds for this run (tagged with
`$CI_COMMIT_SHA` and similar) and images whose name is a variable seawall cannot resolve are
not reported.

## Why it matters
A tag can be moved: the same `docker:27.3` can be a different image tomorrow, pushed by the
maintainer, or by whoever compromised the registry account. Jobs run with CI tokens, registry
credentials and deployment secrets, so what runs there should be exactly what was reviewed.

## Example
```yaml
build:
  image: docker:27.3
```

## Fix
Add the digest of the image you reviewed (`docker buildx imagetools inspect docker:27.3` shows
it) and let a dependency bot (Renovate) update tag and digest together:
```yaml
build:
  image: docker:27.3@sha256:<digest>
```

## References
- https://docs.gitlab.com/ci/yaml/#image
- https://docs.renovatebot.com/docker/#digest-pinning
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.rules.gitlab._images import images_without_digest

RULE = Rule(
    code="GL102",
    name="pipeline-image-without-digest",
    severity=Severity.INFO,
    category="supply-chain",
    summary="A job or service image is not pinned by digest",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#image",
        "https://docs.renovatebot.com/docker/#digest-pinning",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    for use, ref in images_without_digest(job):
        if "$" in use.expanded.partition(":")[0] and ref.tag is None:
            continue  # the whole reference is a variable seawall cannot resolve
        yield job.finding(
            RULE,
            f"{use.kind} `{use.text}` is not pinned by digest: the tag can be moved to another "
            "image; add `@sha256:...` of the image you reviewed",
            *use.path,
            at_value=True,
        )
