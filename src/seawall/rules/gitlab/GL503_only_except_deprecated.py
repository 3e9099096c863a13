"""A job uses `only`/`except`, which GitLab no longer develops; use `rules`.

## What it checks
Jobs with `only:` or `except:` (written in the job, or inherited from a template through
`extends`), one finding per job at the first of the two keys.

## Why it matters
GitLab calls `only`/`except` not actively developed and recommends `rules`, which is
the only way to use newer controls (`changes:` with `compare_to`, `exists`, variables in
`needs`, `when: manual` per condition). Mixing both styles in one pipeline is a common cause
of duplicate pipelines (a branch pipeline and a merge request pipeline for the same push), and
`only: [merge_requests]` jobs silently never run in branch pipelines.

## Example
```yaml
build:
  script: make
  only:
    - main
    - tags
```

## Fix
```yaml
build:
  script: make
  rules:
    - if: $CI_COMMIT_BRANCH == "main" || $CI_COMMIT_TAG
```

## References
- https://docs.gitlab.com/ci/yaml/#only--except
- https://docs.gitlab.com/ci/jobs/job_rules/#common-if-clauses-with-predefined-variables
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job

RULE = Rule(
    code="GL503",
    name="pipeline-only-except",
    severity=Severity.LOW,
    category="deprecation",
    summary="A job uses only/except, which GitLab no longer develops; use rules",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#only--except",
        "https://docs.gitlab.com/ci/jobs/job_rules/#common-if-clauses-with-predefined-variables",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    keys = [k for k in ("only", "except") if job.get(k) is not None]
    if not keys:
        return
    shown = " and ".join(f"`{k}`" for k in keys)
    yield job.finding(
        RULE,
        f"job `{job.name}` uses {shown}, which GitLab no longer develops; rewrite it as "
        "`rules:` with `if:` on `$CI_COMMIT_BRANCH`, `$CI_COMMIT_TAG` or "
        "`$CI_PIPELINE_SOURCE` (and do not mix the two styles in one pipeline)",
        keys[0],
    )
