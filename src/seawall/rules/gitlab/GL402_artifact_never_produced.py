"""An artifact or report path names a file that no command of the job writes.

## What it checks
Jobs whose every script command (inherited `before_script`/`after_script` included) is one
whose file output seawall knows: redirections (`> FILE`), `tee FILE`, `cp`/`mv` destinations,
`touch`, `mkdir`, `-o`/`--output FILE` of `curl`, `trivy` and `go tool cover`,
`go test -coverprofile=FILE`, and commands that write no file in the project (`echo`,
`kubectl`, `docker login`/`push`...). In such a job, each `artifacts:paths` entry and each
`artifacts:reports` file that none of those commands writes (and that no earlier job's
artifacts or the job's cache can provide) is reported.

The check stays silent when it cannot be sure: any other program (`make`, `npm`, `pytest`,
a script), `cd`, a glob pattern, or a path with a variable seawall cannot resolve means no
finding. A file committed to the repository and uploaded as an artifact would be reported;
uploading committed files is rare (later jobs check out the repository anyway).

## Why it matters
GitLab warns `no matching files` and uploads nothing: the coverage, test or security report
the merge request is supposed to show is silently missing, and later jobs that expect the file
fail far from the cause.

## Example
```yaml
test:
  script:
    - go test -coverprofile=coverage.out ./...
    - go tool cover -html=coverage.out -o coverage.html
  artifacts:
    reports:
      coverage_report:
        coverage_format: cobertura
        path: coverage.xml     # nothing writes coverage.xml
```

## Fix
Produce the file the report names, or name the file the job produces:
```yaml
test:
  script:
    - go test -coverprofile=coverage.out ./...
    - go run github.com/boumenot/gocover-cobertura@v1.3.0 < coverage.out > coverage.xml
  artifacts:
    reports:
      coverage_report:
        coverage_format: cobertura
        path: coverage.xml
```

## References
- https://docs.gitlab.com/ci/yaml/#artifactspaths
- https://docs.gitlab.com/ci/yaml/artifacts_reports/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import (
    artifact_paths,
    covers,
    files_written,
    is_glob,
    normal_path,
    parsed_lines,
)

RULE = Rule(
    code="GL402",
    name="pipeline-artifact-never-produced",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="An artifact or report path names a file that no command of the job writes",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#artifactspaths",
        "https://docs.gitlab.com/ci/yaml/artifacts_reports/",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    artifacts = artifact_paths(job)
    if not artifacts:
        return
    written = _written(job)
    if written is None:
        return
    provided = _provided_elsewhere(job)
    if provided is None:
        return
    for artifact in artifacts:
        if is_glob(artifact.text):
            continue
        path = normal_path(job, artifact.text)
        if path is None or any(covers(p, path) or covers(path, p) for p in written + provided):
            continue
        what = f"`{artifact.report}` report" if artifact.report else "artifact path"
        shown = ", ".join(f"`{p}`" for p in written) if written else "no files"
        yield job.finding(
            RULE,
            f"{what} `{artifact.text}` is never written by this job's script, which writes "
            f"{shown}: GitLab finds no matching file and uploads nothing; produce "
            f"`{artifact.text}` or point the path at the file the job writes",
            *artifact.path,
            at_value=True,
        )


def _written(job: Job) -> list[str] | None:
    """Every file the job's commands write (normalised), None when any command is unknown."""
    out: list[str] = []
    for parsed in parsed_lines(job):
        if parsed.script.fallback:
            return None
        for cmd in parsed.script.commands:
            files = files_written(cmd)
            if files is None:
                return None
            for text in files:
                path = normal_path(job, text)
                if path is None:
                    if text.startswith(("/", "~")) or job.expand(text).startswith(("/", "~")):
                        continue  # outside the project
                    return None
                out.append(path)
    return out


def _provided_elsewhere(job: Job) -> list[str] | None:
    """Paths the job may find without writing them: the job's cache and the artifacts of jobs
    in earlier stages (which GitLab downloads by default); None when unknown (globs...)."""
    out: list[str] = []
    caches = job.get("cache")
    for cache in caches if isinstance(caches, list) else [caches]:
        if isinstance(cache, dict) and isinstance(cache.get("paths"), list):
            out.extend(p for p in cache["paths"] if isinstance(p, str))
    stages = job.pipeline.stages
    here = stages.index(job.stage) if job.stage in stages else len(stages)
    for other in job.pipeline.jobs:
        if other is job or other.stage not in stages or stages.index(other.stage) >= here:
            continue
        out.extend(a.text for a in artifact_paths(other))
    normal: list[str] = []
    for text in out:
        path = normal_path(job, text)
        if path is None or is_glob(text):
            return None
        normal.append(path)
    return normal
