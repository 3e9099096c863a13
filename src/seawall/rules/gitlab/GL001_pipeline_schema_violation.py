"""A GitLab CI file does not follow GitLab's CI configuration schema.

## What it checks
The top `.gitlab-ci.yml` and every local file it includes, each as written (before includes and
`extends` are merged), against GitLab's published CI JSON schema (the copy maintained in the
`check-jsonschema` package; install `seawall[schemas]`). Unknown keys are reported at the key,
with the closest known key when one is near (`scirpt` → `script`); wrong types and values at the
value. Values written as `!reference [...]` are resolved by GitLab later and are not judged.

Without the schema package the rule reports once that it was skipped.

## Why it matters
GitLab refuses to create a pipeline from a configuration it cannot read, so a typo stops every
build, including the one that would deploy a fix; a key in the wrong place is an error only when
it is pushed, not when it is written.

## Example
```yaml
build:
  image: alpine:3.20
  scirpt:
    - make
```

## Fix
Correct the key or value the finding names; the pipeline editor's *Validate* tab in GitLab
shows the same errors.

## References
- https://docs.gitlab.com/ci/yaml/
- https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/assets/javascripts/editor/schema/ci.json
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Pipeline, PipelineFile
from seawall.model.gitlab_merge import is_reference
from seawall.policy.json_schema import (
    SchemaIssue,
    SchemaPath,
    schema_findings,
    schema_issues,
)

RULE = Rule(
    code="GL001",
    name="pipeline-schema-violation",
    severity=Severity.HIGH,
    category="input",
    summary="A GitLab CI file does not follow GitLab's CI configuration schema",
    targets=("gitlab-pipeline",),
    references=(
        "https://docs.gitlab.com/ci/yaml/",
        "https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/assets/javascripts/editor/schema/ci.json",
    ),
)


def check(pipeline: Pipeline, ctx: RuleContext) -> Iterator[Finding]:
    yield from schema_findings(
        RULE,
        "gitlab-ci.json",
        pipeline.files,
        _issues,
        report_skip=pipeline.index == 0,
        what="GitLab CI",
        schema="GitLab's CI schema",
    )


def _issues(validator: Any, file: PipelineFile) -> Iterator[SchemaIssue]:
    tagged: list[SchemaPath] = []
    data = _plain(file.root, (), tagged)

    def under_reference(path: SchemaPath) -> bool:
        return any(path[: len(t)] == t for t in tagged)

    return schema_issues(
        validator, data, tool="GitLab", rejected="the pipeline", skip=under_reference
    )


def _plain(value: Any, path: SchemaPath, tagged: list[SchemaPath]) -> Any:
    """JSON-like data for the schema; paths of ``!reference`` values go to ``tagged``."""
    if is_reference(value):
        tagged.append(path)
        return [str(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, (*path, str(k)), tagged) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, (*path, i), tagged) for i, v in enumerate(value)]
    return value
