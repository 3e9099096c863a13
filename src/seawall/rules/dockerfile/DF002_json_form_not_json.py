"""An exec-form argument list that is not valid JSON, so Docker runs it through a shell.

## What it checks
`RUN`, `CMD`, `ENTRYPOINT`, `SHELL` and similar instructions whose arguments look like a JSON
array (`[...]`) but are not valid JSON: single quotes, a trailing comma, unescaped backslashes.

## Why it matters
Docker does not report the mistake: it silently treats the text as shell form and runs
`/bin/sh -c "['./app', '--port', '80']"`, which fails at run time (or, in a `scratch` image with
no shell, cannot start at all). For `ENTRYPOINT` the process also loses signals.

## Example
```dockerfile
CMD ['./server', '--port', '8080']
```

## Fix
Use double quotes and valid JSON: `CMD ["./server", "--port", "8080"]`.

## References
- https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = ("dockerfile-invalid-json",)

RULE = Rule(
    code="DF002",
    name="json-form-not-json",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="An exec-form argument list that is not valid JSON runs through a shell",
    targets=("input",),
    equivalents=("DL3025",),
    references=("https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",),
)
