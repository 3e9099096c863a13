"""A job runs in the image the pipeline builds, and that image cannot run the job's script.

## What it checks
Jobs whose `image:` (after variables) is an image this pipeline builds: a repository tagged
by a `docker build -t …` (or `buildx build`) line of any job, matched to its Dockerfile
through `-f`/`--file` (default: `Dockerfile` in the build context), relative to the
repository root (the directory of `.gitlab-ci.yml`), with `--target` honoured; or an image
seawall's image map assigns to a Dockerfile of the scan through configuration (`images:`)
or a compose service with `build` and `image` (not through file names alone). When that
Dockerfile's final image has no shell (`FROM scratch`, distroless, Chainguard's static
images), the job is reported, naming the programs its script calls that no `COPY`/`ADD` put
into the image.

Nothing is reported when the Dockerfile is not part of the scan, when the build context or
file is a variable seawall cannot resolve, or when the image has a shell (seawall does not
know which programs a base image with a shell contains).

## Why it matters
GitLab's Docker executor runs the job script with a shell inside the job image: in an image
without one the job fails at once (`exec: "sh": executable file not found`). Running tests in
the production image is also a design smell: minimal runtime images deliberately ship neither
a shell nor the toolchain (`go`, `npm`) the tests need.

## Example
```yaml
build:
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .   # Dockerfile: FROM scratch
test:
  image: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
  script:
    - go test ./...
```

## Fix
Run tests in a toolchain image (or the Dockerfile's build stage, `docker build --target
build`), and keep the minimal image for production:
```yaml
test:
  image: golang:1.25
  script:
    - go test ./...
```

## References
- https://docs.gitlab.com/runner/executors/docker/
- https://docs.gitlab.com/ci/yaml/#image
"""

import posixpath
from collections.abc import Iterator
from pathlib import Path

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import FinalImage, final_image
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import built_tags, parsed_lines, repository_of
from seawall.model.image_contents import has_program, image_contents
from seawall.parse.shell import Command
from seawall.rules.cross._shared import built_images

RULE = Rule(
    code="GL601",
    name="pipeline-job-image-cannot-run-script",
    severity=Severity.HIGH,
    category="correctness",
    summary="A job runs in the image the pipeline builds, and that image cannot run its script",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/runner/executors/docker/",
        "https://docs.gitlab.com/ci/yaml/#image",
    ),
)

_BUILD_VALUE_OPTIONS = frozenset(
    {"-t", "--tag", "-f", "--file", "--target", "--build-arg", "--platform", "--label",
     "--cache-from", "--cache-to", "--secret", "--ssh", "--output", "-o", "--network",
     "--iidfile", "--metadata-file", "--progress", "--builder", "--add-host", "--shm-size"}
)  # fmt: skip


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    uses = [u for u in job.images() if u.kind == "image"]
    if not uses:
        return
    use = uses[0]
    wanted = repository_of(use.expanded)
    found = _built_by_pipeline(job, wanted, ctx) or _mapped(use.expanded, ctx)
    if found is None:
        return
    view, image, how = found
    if image.has_shell:
        return
    base = "FROM scratch" if image.base_is_scratch else f"based on {image.base_image}"
    contents = image_contents(image, view.doc.escape)
    programs = sorted(
        {
            cmd.name
            for parsed in parsed_lines(job)
            for cmd in parsed.script.commands
            if _is_program(cmd) and not has_program(cmd.program, image, contents)
        }
    )
    missing = (
        f"; nor does it contain {', '.join(f'`{p}`' for p in programs)}, which the script calls"
        if programs
        else ""
    )
    yield job.finding(
        RULE,
        f"job `{job.name}` runs in `{use.text}`, built from {view.source.display} ({how}), whose "
        f"final image ({base}) has no shell, so GitLab cannot run the script at all{missing}; "
        "run the job in a toolchain image (or the Dockerfile's build stage)",
        *use.path,
        at_value=True,
    )


def _is_program(cmd: Command) -> bool:
    return bool(cmd.name) and "$" not in cmd.program and cmd.name not in ("cd", "export", "set")


def _built_by_pipeline(
    job: Job, wanted: str, ctx: RuleContext
) -> tuple[DockerfileView, FinalImage, str] | None:
    pipeline = job.pipeline
    root = pipeline.source.path.parent
    for builder in pipeline.jobs:
        for parsed in parsed_lines(builder):
            for cmd in parsed.script.commands:
                tags = [builder.expand(t) for t in built_tags(cmd)]
                if not any(repository_of(t) == wanted for t in tags):
                    continue
                return _dockerfile(builder, cmd, root, ctx)
    return None


def _dockerfile(
    builder: Job, cmd: Command, root: Path, ctx: RuleContext
) -> tuple[DockerfileView, FinalImage, str] | None:
    operands = [cmd.args[i] for i in cmd.operands(_BUILD_VALUE_OPTIONS)]
    operands = [o for o in operands if o not in ("build", "buildx", "image")]
    if len(operands) != 1:
        return None
    context = builder.expand(operands[0])
    file = cmd.option("-f") or cmd.option("--file")
    file = builder.expand(file) if file else posixpath.join(context, "Dockerfile")
    if "$" in file or file.startswith(("/", "-")) or "://" in context:
        return None
    path = (root / file).resolve()
    view = next((v for v in ctx.graph.dockerfiles if _resolved(v) == path), None)
    if view is None:
        return None
    target = cmd.option("--target")
    image = final_image(view.doc, target=target) if target else view.image
    if image is None:
        return None
    return view, image, f"`docker build` in job `{builder.name}`"


def _mapped(reference: str, ctx: RuleContext) -> tuple[DockerfileView, FinalImage, str] | None:
    for built in built_images(ctx).for_image(reference):
        # a file-name convention is too weak here: `docker/Dockerfile.api` would "build" the
        # `docker:27` job image
        if built.matched_by != "its file name":
            return built.dockerfile, built.image, f"matched by {built.matched_by}"
    return None


def _resolved(view: DockerfileView) -> Path:
    try:
        return view.source.path.resolve()
    except OSError:
        return view.source.path
