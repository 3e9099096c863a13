"""A job builds images with a docker-in-docker service, which needs a privileged runner.

## What it checks
Job `services:` (their own or inherited from `default:`, the top level or a template) whose
image, after variables, is Docker's `docker:*dind*` image (`docker:dind`, `docker:27-dind`,
`docker:dind-rootless` excluded).

## Why it matters
The `dind` image runs a Docker daemon inside the job's container, which only works when the
runner starts containers with `privileged = true`. A privileged job container is root on the
runner host: any job on that runner (any branch, any merge request, any compromised
dependency in a build) can take over the host and read the other jobs' secrets and caches.

## Example
```yaml
build:
  image: docker:27.3
  services:
    - docker:27.3-dind
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
```

## Fix
Build without a daemon: BuildKit in rootless mode (`moby/buildkit:rootless` with
`buildctl-daemonless.sh`), Buildah or Kaniko; keep privileged runners, if any, for protected
branches only.
```yaml
build:
  image:
    name: moby/buildkit:v0.17.2-rootless
    entrypoint: [""]
  variables:
    BUILDKITD_FLAGS: --oci-worker-no-process-sandbox
  script:
    - buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.
        --output type=image,name=$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA,push=true
```

## References
- https://docs.gitlab.com/ci/docker/using_docker_build/#use-docker-in-docker
- https://docs.gitlab.com/ci/docker/using_buildkit/
- https://docs.gitlab.com/runner/security/#usage-of-docker-executor
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import dind_tag

RULE = Rule(
    code="GL301",
    name="pipeline-docker-in-docker",
    severity=Severity.MEDIUM,
    category="security",
    summary="A job builds images with a docker-in-docker service, which needs a privileged runner",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/docker/using_docker_build/#use-docker-in-docker",
        "https://docs.gitlab.com/ci/docker/using_buildkit/",
        "https://docs.gitlab.com/runner/security/#usage-of-docker-executor",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    for use in job.images():
        if use.kind != "service":
            continue
        tag = dind_tag(use.expanded)
        if tag is None or "rootless" in tag:
            continue
        yield job.finding(
            RULE,
            f"service `{use.text}` runs a Docker daemon in the job, which needs a privileged "
            "runner (root on the runner host for every job it runs); build without a daemon "
            "(rootless BuildKit, Buildah, Kaniko) or keep privileged runners to protected "
            "branches",
            *use.path,
            at_value=True,
        )
