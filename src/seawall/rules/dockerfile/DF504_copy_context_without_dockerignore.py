"""The whole build context is copied into the image with no `.dockerignore`.

## What it checks
`COPY` or `ADD` of the whole context (`.` or `./`) when there is no `.dockerignore` (nor the
Dockerfile-specific `<Dockerfile>.dockerignore`) beside the Dockerfile. Copies from another
stage (`--from`) are not affected.

## Why it matters
Without an ignore file, `COPY . .` puts everything in the directory into the image: `.git`
(with its history), local `.env` files and credentials, test data, build output and editor
files. Secrets end up in a layer that anyone who can pull the image can read, the image grows,
and every unrelated file change invalidates the build cache.

## Example
```dockerfile
FROM node:22-alpine
WORKDIR /app
COPY . .
```

## Fix
Add a `.dockerignore` next to the Dockerfile (at least `.git`, `.env*`, `node_modules`, build
output), or copy only what the build needs (`COPY package*.json ./` then `COPY src ./src`).

## References
- https://docs.docker.com/build/concepts/context/#dockerignore-files
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF504",
    name="copy-context-without-dockerignore",
    severity=Severity.MEDIUM,
    category="security",
    summary="The whole build context is copied into the image with no .dockerignore",
    targets=("dockerfile",),
    references=("https://docs.docker.com/build/concepts/context/#dockerignore-files",),
)

_WHOLE_CONTEXT = frozenset({".", "./"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    if dockerfile.dockerignore is not None:
        return
    image = dockerfile.image
    shipped = {stage.index for stage in image.base_chain} if image is not None else set()
    for instruction in dockerfile.instructions("COPY", "ADD"):
        if instruction.flag("from") is not None:
            continue
        for word in instruction.words()[:-1]:  # the last word is the destination
            if word.value not in _WHOLE_CONTEXT:
                continue
            if instruction.stage in shipped:
                effect = ".git, .env files and build output go into the shipped image"
            else:
                effect = (
                    "this build stage is not shipped, but .git, .env files and build output enter "
                    "the build and any change to them invalidates its cache"
                )
            yield dockerfile.finding(
                RULE,
                f"`{instruction.keyword} {instruction.args}` copies the whole build context and "
                f"there is no .dockerignore beside this Dockerfile: {effect}; add a .dockerignore "
                "or copy only what the build needs",
                instruction.locate(word.start, word.end),
            )
