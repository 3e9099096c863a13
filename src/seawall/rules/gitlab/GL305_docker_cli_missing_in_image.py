"""A job runs `docker` in an image that has no Docker client.

## What it checks
Jobs whose image is a well-known image without the `docker` command (the official OS and
language images such as `alpine`, `ubuntu`, `python`, `golang`, `node`, and single-tool images
such as `aquasec/trivy`, `bitnami/kubectl`, `hashicorp/terraform`, `alpine/helm`), when a
line of the job's `before_script`, `script` or `after_script` runs `docker`. Inherited lines
count: the usual case is a top-level or `default:` `before_script` with `docker login`, which
every job runs. Other images are not judged: seawall does not know what a custom image
contains. A `docker:dind` service does not help: it runs the daemon, the client must be in the
job's own image.

## Why it matters
GitLab runs the job's scripts in the job's image. Without the Docker client the line fails
with `docker: not found`, and with it the job, before its own `script` does anything: a
security scan or deployment that never runs, on every pipeline.

## Example
```yaml
before_script:
  - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY
scan:
  image: aquasec/trivy:0.58.1     # no docker client: the inherited login fails
  script:
    - trivy image $IMAGE
```

## Fix
Keep `docker login` in the jobs that build or push (their image has the client), and give
the others `before_script: []` or a `before_script` of their own. Tools that only read an
image registry use their own credentials (`TRIVY_USERNAME`/`TRIVY_PASSWORD`).

## References
- https://docs.gitlab.com/ci/yaml/#before_script
- https://docs.gitlab.com/ci/docker/using_docker_build/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import parsed_lines
from seawall.model.image import DEFAULT_REGISTRY, parse_image

RULE = Rule(
    code="GL305",
    name="docker-cli-missing-in-job-image",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A job runs docker in an image that has no Docker client",
    targets=("gitlab-job",),
    references=("https://docs.gitlab.com/ci/yaml/#before_script",),
)

# images known to ship no `docker` command (Docker Hub names; official images without
# `library/`): operating systems, language runtimes and single-tool images
_NO_DOCKER_CLIENT = frozenset(
    {
        "alpine", "busybox", "ubuntu", "debian", "centos", "fedora", "rockylinux",
        "almalinux", "amazonlinux", "python", "node", "golang", "ruby", "php", "perl",
        "rust", "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "bash",
        "aquasec/trivy", "bitnami/kubectl", "hashicorp/terraform", "alpine/helm",
        "alpine/git", "curlimages/curl", "koalaman/shellcheck", "hadolint/hadolint",
    }
)  # fmt: skip


def _image_without_client(job: Job) -> str | None:
    for use in job.images():
        if use.kind != "image" or "$" in use.expanded:
            continue
        image = parse_image(use.expanded)
        repository = image.repository.removeprefix("library/")
        if image.registry == DEFAULT_REGISTRY and repository in _NO_DOCKER_CLIENT:
            return use.expanded
    return None


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    image = _image_without_client(job)
    if image is None:
        return
    for parsed in parsed_lines(job):
        for cmd in parsed.script.commands:
            if cmd.name != "docker":
                continue
            yield job.finding(
                RULE,
                f"job `{job.name}` runs `docker` in its {parsed.line.section}, but its image "
                f"`{image}` has no Docker client: the line fails with `docker: not found` and "
                "the job with it; keep docker commands in jobs whose image has the client "
                "(give this job `before_script: []` if it inherits them)",
                *parsed.line.path,
                span=parsed.span_of(cmd),
            )
            return  # the first failing line ends the job
