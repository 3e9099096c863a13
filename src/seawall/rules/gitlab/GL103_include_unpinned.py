"""A project, remote or component include is not pinned to a fixed version.

## What it checks
`include:` entries that pull configuration from outside the repository:

- `project:` without `ref:`, or with a branch name as `ref:` (anything that is neither a
  40-character commit SHA nor a version tag such as `v1.2.3` or `1.4`);
- `component:` whose version after `@` is missing, `~latest` or a branch name;
- `remote:` URLs that do not contain a commit SHA.

GitLab's own `template:` includes come with the instance and are not reported.

## Why it matters
The included file defines jobs, images and scripts that run with this project's CI variables
and deployment credentials. Following a branch means anyone who can push to that branch, now or
after a compromise, changes what this pipeline runs, without a commit or review here.

## Example
```yaml
include:
  - project: platform/ci-templates
    file: /docker-build.yml          # no ref: the default branch
  - remote: https://example.com/ci/deploy.yml
```

## Fix
Pin the include to a commit SHA (or a protected, immutable version tag) and update it
deliberately:
```yaml
include:
  - project: platform/ci-templates
    ref: 3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e
    file: /docker-build.yml
```

## References
- https://docs.gitlab.com/ci/yaml/#includeproject
- https://docs.gitlab.com/ci/components/#component-versions
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Include, Pipeline

RULE = Rule(
    code="GL103",
    name="pipeline-include-unpinned",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A project, remote or component include is not pinned to a fixed version",
    targets=("gitlab-pipeline",),
    references=(
        "https://docs.gitlab.com/ci/yaml/#includeproject",
        "https://docs.gitlab.com/ci/components/#component-versions",
    ),
)

_SHA = re.compile(r"[0-9a-f]{40}")
_VERSION = re.compile(r"v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.-]+)?")


def check(pipeline: Pipeline, ctx: RuleContext) -> Iterator[Finding]:
    for include in pipeline.includes:
        problem = _unpinned(include)
        if problem is not None:
            yield include.finding(
                RULE,
                f"{include.kind} include `{include.target}` {problem}: whoever can push there "
                "changes what this pipeline runs; pin a commit SHA (or a version tag)",
            )


def _unpinned(include: Include) -> str | None:
    if include.kind == "remote":
        return (
            None if _SHA.search(include.target.lower()) else "is fetched from a URL that can change"
        )
    if include.kind not in ("project", "component"):
        return None
    ref = (include.ref or "").strip()
    if not ref:
        return (
            "has no ref, so it follows the default branch"
            if include.kind == "project"
            else ("has no version")
        )
    if _SHA.fullmatch(ref.lower()) or _VERSION.fullmatch(ref):
        return None
    return f"follows `{ref}`, which moves"
