"""A job writes a credential into a file that it uploads as an artifact.

## What it checks
Commands that write a credential into a file (`echo $SECRET > file`,
`echo $KUBE_CONFIG | base64 -d > file`, `… | tee file`) or dump every variable into one (`env`,
`printenv`, `export -p`, `set` redirected to a file), where the file is uploaded by the same
job: covered by `artifacts:paths` (a file, a directory above it or a glob), by a report's path,
or by `artifacts:untracked: true`. Which variables hold credentials is decided as in GL201.
A file written outside the project directory (`/tmp/kubeconfig`) is never uploaded and is not
reported; neither is a path with a variable seawall cannot resolve.

## Why it matters
Artifacts can be downloaded by anyone who can see the pipeline (in public projects, by anyone)
and are kept for 30 days by default; later jobs download them too. A credential in an artifact
is a leak that masking in the job log does not prevent.

## Example
```yaml
build:
  script:
    - echo "$NPM_TOKEN" > .npmrc
    - env > build.env
  artifacts:
    paths:
      - ./
```

## Fix
Write credentials outside the project directory (or delete them in `after_script`) and upload
only what later jobs need:
```yaml
build:
  script:
    - echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
  artifacts:
    paths:
      - dist/
```

## References
- https://docs.gitlab.com/ci/yaml/#artifacts
- https://docs.gitlab.com/ci/jobs/job_artifacts/
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
    normal_path,
    parsed_lines,
    secret_variables,
    uploads_untracked,
)
from seawall.parse.shell import Command

RULE = Rule(
    code="GL202",
    name="pipeline-secret-in-artifact",
    severity=Severity.HIGH,
    category="secrets",
    summary="A job writes a credential into a file that it uploads as an artifact",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#artifacts",
        "https://docs.gitlab.com/ci/jobs/job_artifacts/",
    ),
)

_DUMPERS = frozenset({"env", "printenv"})
_SOURCES = frozenset({"echo", "printf", "cat"})
_WRITES = frozenset({">", ">>", ">|", "&>", "&>>", "1>", "1>>"})


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    uploads = [(a, p) for a in artifact_paths(job) if (p := normal_path(job, a.text)) is not None]
    untracked = uploads_untracked(job)
    if not uploads and not untracked:
        return
    for parsed in parsed_lines(job):
        for cmd in parsed.script.commands:
            what = _secret_data(job, cmd)
            if what is None:
                continue
            for target in _targets(cmd):
                path = normal_path(job, target)
                if path is None:
                    continue
                uploaded = next((a for a, p in uploads if covers(p, path)), None)
                if uploaded is None and not untracked:
                    continue
                how = (
                    f"`artifacts:{'reports:' + uploaded.report if uploaded.report else 'paths'}` "
                    f"entry `{uploaded.text}`"
                    if uploaded is not None
                    else "`artifacts:untracked: true`"
                )
                yield job.finding(
                    RULE,
                    f"{what} is written to `{target}`, which the job uploads through the {how}: "
                    "anyone who can see the pipeline can download it; write it outside the "
                    "project directory (or remove it before the upload) and upload only what "
                    "later jobs need",
                    *parsed.line.path,
                    span=parsed.span_of(cmd),
                )


def _secret_data(job: Job, cmd: Command) -> str | None:
    """What secret ``cmd`` writes: its own arguments, the output of the pipeline feeding it,
    or a dump of every variable."""
    if cmd.name in _DUMPERS and not cmd.positionals:
        return f"`{cmd.name}` (every CI variable, credentials included)"
    if cmd.name in ("export", "set") and (cmd.args in ([], ["-p"])):
        return f"`{' '.join(cmd.argv)}` (every variable, credentials included)"
    source: Command | None = cmd
    while source is not None:
        if source.name in _SOURCES:
            secrets = sorted({s for w in source.args for s in secret_variables(job, w)})
            if secrets:
                return ", ".join(f"${s}" for s in secrets)
        source = source.piped_from
    return None


def _targets(cmd: Command) -> list[str]:
    out = [r.target for r in cmd.redirects if r.op in _WRITES]
    if cmd.name == "tee":
        out.extend(cmd.positionals)
    return out
