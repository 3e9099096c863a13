"""A job script runs a downloaded script straight from the network (`curl … | sh`).

## What it checks
Every command of a job's `before_script`, `script` and `after_script` (including lines it
inherits from `default:`, `extends` parents and `!reference`s) where the output of `curl` or
`wget` is executed without being stored and checked first: piped into a shell or interpreter
(`curl … | bash`, `wget -qO- … | python3`), or given to one as a substitution
(`bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(curl …)"`). An interpreter that reads the
download as data (`python3 -m json.tool`, `sh -c '…'`) is not reported.

## Why it matters
The job runs whatever the server returns at that moment, with the job's CI token, registry
credentials and deployment secrets in its environment. The 2021 Codecov breach changed exactly
such a downloaded uploader script and collected CI secrets from thousands of pipelines.

## Example
```yaml
test:
  script:
    - curl -s https://codecov.io/bash | bash
```

## Fix
Use an image that has the tool, or download to a file, verify a pinned checksum or signature,
then run it:
```yaml
test:
  script:
    - curl -fsSLo uploader.sh https://example.com/uploader.sh
    - echo "${UPLOADER_SHA256}  uploader.sh" | sha256sum -c -
    - bash uploader.sh
```

## References
- https://about.codecov.io/apr-2021-post-mortem/
- https://docs.gitlab.com/ci/pipeline_security/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job, ScriptLine
from seawall.parse.shell import parse_shell
from seawall.policy.remote_scripts import DOWNLOADERS, remote_runs

RULE = Rule(
    code="GL104",
    name="pipeline-curl-pipe-shell",
    severity=Severity.HIGH,
    category="supply-chain",
    summary="A job script runs a downloaded script straight from the network",
    targets=("gitlab-job",),
    references=(
        "https://about.codecov.io/apr-2021-post-mortem/",
        "https://docs.gitlab.com/ci/pipeline_security/",
    ),
)


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    for line in job.script_lines():
        if not any(name in line.text for name in DOWNLOADERS):
            continue
        script = parse_shell(line.text)
        for run in remote_runs(script, line.text):
            yield job.finding(
                RULE,
                f"`{run.download.name}` output {run.how} straight to `{run.runner.name}` in "
                f"{line.section}: the job runs whatever the server sends, with the job's tokens "
                "and secrets at hand; download to a file, verify a pinned sha256 (or a "
                "signature), then run it",
                *line.path,
                span=_narrow(line, line.text[run.start : run.end]),
            )


def _narrow(line: ScriptLine, text: str) -> Span:
    """The span of ``text`` inside the written script line, else the whole line."""
    whole = line.span
    if line.source is None or "\n" in text:
        return whole
    found = line.source.text.find(text, whole.offset, whole.end_offset)
    return line.source.lines.span(found, found + len(text)) if found >= 0 else whole
