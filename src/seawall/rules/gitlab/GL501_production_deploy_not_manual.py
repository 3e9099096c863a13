"""A job deploys to production automatically, without a manual step.

## What it checks
Jobs whose `environment` is production: its name is `production`, `prod` or starts with
`prod`/`production` followed by `-`, `_` or `/` (`production/eu`), or it sets
`environment:deployment_tier: production`. Such a job is reported unless it is `when: manual`,
or every one of its `rules:` that can run it has `when: manual` (`when: never` rules are
ignored). Jobs that stop an environment (`environment:action: stop`) or only prepare or verify
it (`action: prepare`, `verify`, `access`) are not reported.

## Why it matters
Every push to the branch that runs the job goes live, with no point where a person checks the
staging result. GitLab's other safeguards, protected environments with required approvals and
deployment freezes, are configured in the project settings, outside the file: seawall cannot
see them, so the finding asks you to make sure one of them is in place.

## Example
```yaml
deploy-production:
  stage: deploy
  environment: production
  script:
    - kubectl apply -f k8s/
```

## Fix
Make the job manual (and protect the environment with required approvals in Settings →
CI/CD → Protected environments):
```yaml
deploy-production:
  stage: deploy
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
  script:
    - kubectl apply -f k8s/
```

## References
- https://docs.gitlab.com/ci/environments/protected_environments/
- https://docs.gitlab.com/ci/environments/deployment_approvals/
- https://docs.gitlab.com/ci/jobs/job_control/#create-a-job-that-must-be-run-manually
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job

RULE = Rule(
    code="GL501",
    name="pipeline-production-deploy-not-manual",
    severity=Severity.MEDIUM,
    category="security",
    summary="A job deploys to production automatically, without a manual step",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/environments/protected_environments/",
        "https://docs.gitlab.com/ci/environments/deployment_approvals/",
        "https://docs.gitlab.com/ci/jobs/job_control/#create-a-job-that-must-be-run-manually",
    ),
)

_PRODUCTION = re.compile(r"(prod|production)([-_/].*)?", re.IGNORECASE)
_NOT_DEPLOYING = frozenset({"stop", "prepare", "verify", "access"})


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    env = job.get("environment")
    name = job.environment
    tier = env.get("deployment_tier") if isinstance(env, dict) else None
    action = env.get("action") if isinstance(env, dict) else None
    if action in _NOT_DEPLOYING or job.get("trigger") is not None:
        return
    production = tier == "production" or (
        name is not None and "$" not in name and _PRODUCTION.fullmatch(name) is not None
    )
    if not production or job.when == "manual" or _rules_manual(job.get("rules")):
        return
    yield job.finding(
        RULE,
        f"job `{job.name}` deploys to `{name or 'production'}` on every pipeline that runs it, "
        "with no manual step; add `when: manual` (in the job or its `rules`), and make sure the "
        "environment is protected with required approvals in the project settings (seawall "
        "cannot see those)",
        "environment",
    )


def _rules_manual(rules: object) -> bool:
    if not isinstance(rules, list) or not rules:
        return False
    running = [r for r in rules if not (isinstance(r, dict) and r.get("when") == "never")]
    return bool(running) and all(isinstance(r, dict) and r.get("when") == "manual" for r in running)
