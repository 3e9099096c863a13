"""A security scanner is set up so that its findings can never fail the pipeline.

## What it checks
Commands of known security scanners (Trivy, Grype, Snyk, Semgrep, Gitleaks, TruffleHog,
Checkov, tfsec, KICS, Bandit, Hadolint, kube-linter, Dockle, osv-scanner, seawall) that:

- run with `--exit-code 0` (Trivy, Dockle: exit 0 whatever is found);
- are followed by `|| true`, `|| :` or `|| exit 0`, which swallow the failure;
- run in a job with `allow_failure: true`, so a failing scan only shows a warning.

When another command of the same job runs the same scanner in a way that can fail (Trivy
writing a full report with `--exit-code 0`, then gating on `--exit-code 1 --severity
CRITICAL`), the finding says so and is lowered to low: the gate exists but is narrower.
Scanners that exit 0 by default without any option (Trivy without `--exit-code`) are not
reported.

## Why it matters
A scan that cannot fail is a report nobody reads: vulnerable images and leaked secrets ship
while the pipeline is green, and the scan's presence gives a false sense of coverage.

## Example
```yaml
security-scan:
  script:
    - trivy image --exit-code 0 --severity HIGH,CRITICAL $IMAGE
    - gitleaks detect || true
```

## Fix
Let the scan fail the job at the severity you accept, and keep the full report as an
artifact:
```yaml
security-scan:
  script:
    - trivy image --exit-code 1 --severity HIGH,CRITICAL --ignore-unfixed $IMAGE
    - gitleaks detect
```

## References
- https://trivy.dev/latest/docs/configuration/others/#exit-code
- https://docs.gitlab.com/ci/yaml/#allow_failure
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import ParsedLine, parsed_lines
from seawall.parse.shell import Command

RULE = Rule(
    code="GL404",
    name="pipeline-security-scan-cannot-fail",
    severity=Severity.MEDIUM,
    category="security",
    summary="A security scanner is set up so that its findings can never fail the pipeline",
    targets=("gitlab-job",),
    references=(
        "https://trivy.dev/latest/docs/configuration/others/#exit-code",
        "https://docs.gitlab.com/ci/yaml/#allow_failure",
    ),
)

SCANNERS = frozenset(
    {"trivy", "grype", "snyk", "semgrep", "gitleaks", "trufflehog", "checkov", "tfsec", "kics",
     "bandit", "hadolint", "kube-linter", "dockle", "osv-scanner", "seawall"}
)  # fmt: skip
_EXIT_CODE_SCANNERS = frozenset({"trivy", "dockle"})
_SWALLOWERS = frozenset({"true", ":"})


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    scans = [(p, c) for p in parsed_lines(job) for c in p.script.commands if c.name in SCANNERS]
    if not scans:
        return
    silenced: list[tuple[ParsedLine, Command, str]] = []
    gates: dict[str, Command] = {}
    for parsed, cmd in scans:
        why = _why_silent(cmd, parsed.script.commands)
        if why is None:
            gates.setdefault(cmd.name, cmd)
        else:
            silenced.append((parsed, cmd, why))
    for parsed, cmd, why in silenced:
        gate = gates.get(cmd.name)
        if gate is not None and job.get("allow_failure") is not True:
            yield job.finding(
                RULE,
                f"`{cmd.name}` {why}, so what it finds never fails the pipeline; only the other "
                f"`{cmd.name}` run of this job (`{_short(gate)}`) can: make sure that gate "
                "covers the severities you accept",
                *parsed.line.path,
                span=parsed.span_of(cmd),
                severity=Severity.LOW,
            )
            continue
        yield job.finding(
            RULE,
            f"`{cmd.name}` {why}, so what it finds never fails the pipeline; let it fail the "
            "job at the severity you accept (and keep the full report as an artifact)",
            *parsed.line.path,
            span=parsed.span_of(cmd),
        )
    if job.get("allow_failure") is True and not silenced:
        names = ", ".join(sorted({f"`{c.name}`" for _, c in scans}))
        yield job.finding(
            RULE,
            f"the job runs {names} with `allow_failure: true`: a failed scan only shows a "
            "warning and the pipeline goes on; remove `allow_failure` (or limit it to "
            "`allow_failure: exit_codes:` of the scanner's own errors)",
            "allow_failure",
        )


def _why_silent(cmd: Command, commands: list[Command]) -> str | None:
    if cmd.name in _EXIT_CODE_SCANNERS and cmd.option("--exit-code") == "0":
        return "runs with `--exit-code 0`"
    after = _next_in_list(cmd, commands)
    swallows = after is not None and (
        after.name in _SWALLOWERS or (after.name == "exit" and after.args[:1] in ([], ["0"]))
    )
    if cmd.next_op == "||" and after is not None and swallows:
        return f"is followed by `|| {' '.join(after.argv)}`"
    return None


def _next_in_list(cmd: Command, commands: list[Command]) -> Command | None:
    """The command after ``cmd``'s ``||``: the next one with the same parent."""
    index = next((i for i, c in enumerate(commands) if c is cmd), len(commands))
    return next((c for c in commands[index + 1 :] if c.parent is cmd.parent), None)


def _short(cmd: Command) -> str:
    text = " ".join(cmd.argv)
    return text if len(text) <= 60 else text[:57] + "..."
