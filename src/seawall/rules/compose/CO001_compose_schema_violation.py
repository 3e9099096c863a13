"""A compose file does not follow the compose specification's schema.

## What it checks
Every file of a compose project, after interpolation, against the JSON schema of the compose
specification (the copy maintained in the `check-jsonschema` package; install
`seawall[schemas]`). Unknown keys are reported at the key, with the closest known key when one
is near (`enviroment` → `environment`); wrong types, values and repeated list entries at the value.

Without the schema package the rule reports once that it was skipped.

## Why it matters
`docker compose` rejects a file that breaks the schema, and an unknown key that slips through an
older tool is silently ignored: a misspelt `read_only` or `mem_limit` is a protection that was
never applied.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    enviroment:
      DEBUG: "0"
```

## Fix
Correct the key or value the finding names; `docker compose config` shows the model Compose
reads.

## References
- https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json
- https://docs.docker.com/reference/compose-file/
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeFile, ComposeProject, plain_data
from seawall.policy.json_schema import SchemaIssue, schema_findings, schema_issues

RULE = Rule(
    code="CO001",
    name="compose-schema-violation",
    severity=Severity.HIGH,
    category="input",
    summary="A compose file does not follow the compose specification's schema",
    targets=("compose",),
    references=(
        "https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json",
        "https://docs.docker.com/reference/compose-file/",
    ),
)


def check(project: ComposeProject, ctx: RuleContext) -> Iterator[Finding]:
    yield from schema_findings(
        RULE,
        "compose-spec.json",
        project.files,
        _issues,
        report_skip=project.index == 0,
        what="compose",
        schema="the compose specification's schema",
    )


def _issues(validator: Any, file: ComposeFile) -> Iterator[SchemaIssue]:
    return schema_issues(validator, plain_data(file.data), tool="Compose", rejected="the file")
