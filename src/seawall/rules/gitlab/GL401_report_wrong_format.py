"""An `artifacts:reports` entry names a file in a format that report type does not read.

## What it checks
Each file of `artifacts:reports`, by its name (globs included):

- security reports (`sast`, `dependency_scanning`, `container_scanning`, `dast`,
  `secret_detection`, `api_fuzzing`, `coverage_fuzzing`, `cluster_image_scanning`) read
  GitLab's own JSON security report format: a SARIF file (`*.sarif`, `*.sarif.json`), XML,
  HTML or text is reported;
- `junit` reads JUnit XML: JSON, SARIF, HTML and text files are reported;
- `coverage_report` with `coverage_format: cobertura` or `jacoco` reads XML: Go cover
  profiles (`*.out`), LCOV (`*.info`, `*.lcov`), HTML, JSON and text files are reported;
- `codequality` reads JSON (Code Climate format): XML, SARIF, HTML and text are reported.

Files whose name says nothing about their format are not judged.

## Why it matters
GitLab parses report files when the job ends: a file in another format is rejected (the
pipeline shows a parsing error, or nothing), so the merge request widget, the security
dashboard and approval policies see no findings, no test results or no coverage, and nobody
notices that the scan or the tests are not reported at all.

## Example
```yaml
security-scan:
  script:
    - trivy image --format sarif -o trivy-results.sarif $IMAGE
  artifacts:
    reports:
      sast: trivy-results.sarif
```

## Fix
Produce the format the report type reads (Trivy: `--format template --template
"@contrib/gitlab.tpl"` for `container_scanning`), and keep SARIF as a plain artifact for other
tools:
```yaml
security-scan:
  script:
    - trivy image --format template --template "@contrib/gitlab.tpl"
        -o gl-container-scanning-report.json $IMAGE
  artifacts:
    reports:
      container_scanning: gl-container-scanning-report.json
```

## References
- https://docs.gitlab.com/ci/yaml/artifacts_reports/
- https://docs.gitlab.com/development/integrations/secure/#report
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import artifact_paths

RULE = Rule(
    code="GL401",
    name="pipeline-report-wrong-format",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="An artifacts:reports entry names a file in a format that report type does not read",
    targets=("gitlab-job",),
    references=(
        "https://docs.gitlab.com/ci/yaml/artifacts_reports/",
        "https://docs.gitlab.com/development/integrations/secure/#report",
    ),
)

_SECURITY = frozenset(
    {"sast", "dependency_scanning", "container_scanning", "dast", "secret_detection",
     "api_fuzzing", "coverage_fuzzing", "cluster_image_scanning"}
)  # fmt: skip
# file name endings -> the format they name
_FORMATS = (
    (".sarif.json", "SARIF"),
    (".sarif", "SARIF"),
    (".xml", "XML"),
    (".json", "JSON"),
    (".html", "HTML"),
    (".htm", "HTML"),
    (".txt", "text"),
    (".out", "a Go cover profile"),
    (".lcov", "LCOV"),
    (".info", "LCOV"),
)
_SECURITY_FORMAT = "GitLab's JSON security report format"


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    reports = (
        (job.get("artifacts") or {}).get("reports")
        if isinstance(job.get("artifacts"), dict)
        else None
    )
    for artifact in artifact_paths(job):
        kind = artifact.report
        if kind is None:
            continue
        fmt = _format(artifact.text)
        if fmt is None:
            continue
        expected = _expected(kind, reports)
        if expected is None or _accepts(expected, fmt):
            continue
        yield job.finding(
            RULE,
            f"`{kind}` report `{artifact.text}` is {fmt} by its name, but GitLab reads "
            f"{expected} for this report type: it is rejected and the results never reach the "
            "merge request or dashboards; produce that format or use the matching report type",
            *artifact.path,
            at_value=True,
        )


def _format(name: str) -> str | None:
    lower = name.lower()
    return next((fmt for end, fmt in _FORMATS if lower.endswith(end)), None)


def _expected(kind: str, reports: object) -> str | None:
    if kind in _SECURITY:
        return _SECURITY_FORMAT
    if kind == "junit":
        return "JUnit XML"
    if kind == "codequality":
        return "Code Climate JSON"
    if kind == "coverage_report" and isinstance(reports, dict):
        spec = reports.get("coverage_report")
        fmt = spec.get("coverage_format") if isinstance(spec, dict) else None
        if fmt in ("cobertura", "jacoco"):
            return f"{fmt.capitalize()} XML"
    return None


def _accepts(expected: str, fmt: str) -> bool:
    if expected.endswith("XML"):
        return fmt == "XML"
    return fmt == "JSON"
