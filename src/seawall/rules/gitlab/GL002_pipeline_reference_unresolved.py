"""An include, `extends` or `!reference` of a pipeline names nothing, or loops.

## What it checks
While the pipeline is assembled as GitLab does it:

- a local `include:` whose file does not exist (or whose glob matches nothing), or that includes
  a file already being included (a cycle);
- an `extends:` naming a job or hidden job the pipeline does not define, an `extends` cycle, or
  a chain deeper than GitLab's 11 levels;
- a `!reference [.job, key]` whose job or key does not exist, or that nests too deep.

The finding points at the include entry, the `extends` value or the `!reference` tag.

## Why it matters
GitLab refuses the whole configuration: no job runs, not even the ones unrelated to the mistake.
The error appears only when the change is pushed, often after the template file was renamed or
moved in another merge request.

## Example
```yaml
include:
  - local: ci/templates/build.yml   # the file was moved to ci/build.yml
test:
  extends: .tests                   # the hidden job is called .test
  script:
    - !reference [.setup, script]
```

## Fix
Point the include at the file's path from the repository root, name a job that exists in the
pipeline (or in a file it includes), and break cycles.

## References
- https://docs.gitlab.com/ci/yaml/includes/
- https://docs.gitlab.com/ci/yaml/#extends
- https://docs.gitlab.com/ci/yaml/yaml_optimization/#reference-tags
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Pipeline

RULE = Rule(
    code="GL002",
    name="pipeline-reference-unresolved",
    severity=Severity.HIGH,
    category="correctness",
    summary="An include, extends or !reference of a pipeline names nothing, or loops",
    targets=("gitlab-pipeline",),
    references=(
        "https://docs.gitlab.com/ci/yaml/includes/",
        "https://docs.gitlab.com/ci/yaml/#extends",
        "https://docs.gitlab.com/ci/yaml/yaml_optimization/#reference-tags",
    ),
)


def check(pipeline: Pipeline, ctx: RuleContext) -> Iterator[Finding]:
    for problem in pipeline.problems:
        yield problem.finding(RULE)
