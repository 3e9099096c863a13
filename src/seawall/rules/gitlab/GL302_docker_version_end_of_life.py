"""A job uses a Docker image (or docker-in-docker service) whose Docker release is out of support.

## What it checks
Job images and services that are Docker's own image (`docker:20.10.16`,
`docker:20.10.16-dind`, `docker:24-cli`), after variables: the Docker Engine release in the
tag is compared with a reviewed table of end-of-life dates (from endoflife.date's Docker Engine
data, which follows the Moby project's branch policy). Tags without a version (`docker:dind`,
`latest`) are left to GL101.

## Why it matters
An unsupported Docker release gets no security fixes: the daemon of a dind service (which runs
privileged) and the client keep every vulnerability found since, including container escapes.
Old clients also miss the BuildKit and registry features that newer pipelines rely on.

## Example
```yaml
build:
  image: docker:20.10.16
  services:
    - docker:20.10.16-dind
```

## Fix
Move image and service to the same supported release, pinned by digest:
```yaml
build:
  image: docker:28.5.2
  services:
    - docker:28.5.2-dind
```

## References
- https://endoflife.date/docker-engine
- https://github.com/moby/moby/blob/master/project/BRANCHES-AND-TAGS.md

## Options
- `today` (string, default empty): the date to judge support on, as `YYYY-MM-DD`; empty means
  the day of the scan.
"""

from collections.abc import Iterator

from seawall.core.dates import scan_date, today_option
from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import docker_image_tag
from seawall.policy.base_image_eol import FAMILIES

RULE = Rule(
    code="GL302",
    name="pipeline-docker-end-of-life",
    severity=Severity.MEDIUM,
    category="security",
    summary="A job uses a Docker image or dind service whose Docker release is out of support",
    targets=("gitlab-job",),
    references=(
        "https://endoflife.date/docker-engine",
        "https://github.com/moby/moby/blob/master/project/BRANCHES-AND-TAGS.md",
    ),
    options=(today_option(),),
)

_DOCKER = FAMILIES["docker"]


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    today = scan_date(str(ctx.option("today")))
    for use in job.images():
        tag = docker_image_tag(use.expanded)
        if not tag:
            continue
        release = _DOCKER.resolve(tag.split("-", 1)[0])
        if release is None or not release.reached_eol(today):
            continue
        target = _DOCKER.recommended(release)
        advice = (
            f"move to Docker {target.cycle}"
            if target is not None and not target.reached_eol(today)
            else "move to a supported Docker release"
        )
        yield job.finding(
            RULE,
            f"{use.kind} `{use.text}` is {release.label}, which reached end of life on "
            f"{release.eol} and gets no more security fixes; {advice} (image and dind service "
            "together)",
            *use.path,
            at_value=True,
        )
