"""A remote, project, template or component include was not analysed.

## What it checks
Every `include:` that is not a local file: `remote:` URLs, `project:` files, GitLab `template:`s
and CI/CD `component:`s. seawall never fetches anything, so the jobs those files define (and
what they change in the jobs of this pipeline) are not checked; the finding says so, once per
include, so that a clean report is not mistaken for a complete one.

## Why it matters
An included file can add jobs, override `image:` or `script:` of existing jobs, or define the
`default:` every job inherits. A scan that silently skips it can miss whatever matters most.

## Example
```yaml
include:
  - project: platform/ci-templates
    ref: v2.3.0
    file: /docker-build.yml
```

## Fix
Scan the included files too: pass them to seawall (for a project include, the file from a
checkout at the pinned `ref`), or vendor them into the repository and include them with `local:`.
Suppress the finding once you have.

## References
- https://docs.gitlab.com/ci/yaml/includes/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Pipeline

RULE = Rule(
    code="GL003",
    name="pipeline-include-not-resolved",
    severity=Severity.INFO,
    category="input",
    summary="A remote, project, template or component include was not analysed",
    targets=("gitlab-pipeline",),
    references=("https://docs.gitlab.com/ci/yaml/includes/",),
)


def check(pipeline: Pipeline, ctx: RuleContext) -> Iterator[Finding]:
    for include in pipeline.includes:
        if include.kind == "local":
            continue
        yield include.finding(
            RULE,
            f"{include.kind} include `{include.target}` not resolved: seawall does not fetch "
            "remote includes; pass the file or vendor it, so that its jobs are checked too",
        )
