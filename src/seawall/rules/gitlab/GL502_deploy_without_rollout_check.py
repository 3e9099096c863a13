"""A job applies Kubernetes changes without waiting for the rollout.

## What it checks
Jobs that change workloads with `kubectl apply`, `kubectl create`, `kubectl replace`,
`kubectl set image` or `kubectl patch`, or with `helm upgrade`/`helm install` without `--wait`
or `--atomic`, and have no later command that waits for the result: `kubectl rollout status`,
`kubectl wait`, or a `helm upgrade|install --wait|--atomic`. Client-side or server-side dry
runs (`--dry-run`) and `kubectl diff` are not reported.

## Why it matters
`kubectl apply` returns as soon as the API server stored the objects: the job is green while
the new pods crash-loop, fail their readiness probe or cannot pull the image. The pipeline
reports a successful deployment that did not happen, and the next stage (or the production
deploy) starts from a broken environment.

## Example
```yaml
deploy:
  script:
    - kubectl apply -f k8s/
```

## Fix
Wait for the rollout and fail the job when it does not complete:
```yaml
deploy:
  script:
    - kubectl apply -f k8s/
    - kubectl rollout status deployment/app --timeout=300s
```

## References
- https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/
- https://helm.sh/docs/helm/helm_upgrade/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import parsed_lines
from seawall.parse.shell import Command

RULE = Rule(
    code="GL502",
    name="pipeline-deploy-without-rollout-check",
    severity=Severity.LOW,
    category="reliability",
    summary="A job applies Kubernetes changes without waiting for the rollout",
    targets=("gitlab-job",),
    references=(
        "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/",
        "https://helm.sh/docs/helm/helm_upgrade/",
    ),
)

_KUBECTL_CHANGES = frozenset({"apply", "create", "replace", "set", "patch"})


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    pending = None
    for parsed in parsed_lines(job, "before_script", "script"):
        for cmd in parsed.script.commands:
            if _waits(cmd):
                pending = None
            elif pending is None and _changes(cmd):
                pending = (parsed, cmd)
    if pending is None:
        return
    parsed, cmd = pending
    yield job.finding(
        RULE,
        f"`{cmd.name} {cmd.subcommand}` returns once the API server stored the change, and "
        "nothing after it in this job waits for the rollout: the job passes even when the new "
        "pods never become ready; add `kubectl rollout status <workload> --timeout=…` (or "
        "`helm upgrade --wait --atomic`)",
        *parsed.line.path,
        span=parsed.span_of(cmd),
    )


def _changes(cmd: Command) -> bool:
    if any(a.startswith("--dry-run") for a in cmd.args):
        return False
    if cmd.name == "kubectl":
        return cmd.subcommand in _KUBECTL_CHANGES
    if cmd.name == "helm" and cmd.subcommand in ("upgrade", "install"):
        return not cmd.has_flag("--wait", "--atomic", "--rollback-on-failure")
    return False


def _waits(cmd: Command) -> bool:
    if cmd.name == "kubectl":
        return cmd.has_args("rollout", "status") or cmd.subcommand == "wait"
    if cmd.name == "helm" and cmd.subcommand in ("upgrade", "install"):
        return cmd.has_flag("--wait", "--atomic", "--rollback-on-failure")
    return False
