"""`HEALTHCHECK`, `ENTRYPOINT` or `CMD` runs a program the final image cannot contain.

## What it checks
Images without a shell: `FROM scratch`, distroless (except its `debug` tags) and Chainguard's
shell-less images. In the final image, the `HEALTHCHECK` command, the `ENTRYPOINT`, and the
`CMD` when there is no `ENTRYPOINT`, are reported when they:

- are in shell form, which needs `/bin/sh` (or the `SHELL` set), or run a shell in exec form;
- run `curl` or `wget`, which these images do not ship;
- in a `scratch` image, run a program in exec form that no `COPY` or `ADD` of the image put
  there (a bare name is looked up in `PATH`, a relative path in `WORKDIR`).

A program or shell that a `COPY`/`ADD` of the final image's stages provides counts as present.
Destinations with unknown variables, and `RUN` steps in a `scratch` image, make the contents
unknown; the last check is then skipped.

## Why it matters
The instruction builds fine and fails only when the container runs: an `ENTRYPOINT` that cannot
start crash-loops the container, and a `HEALTHCHECK` that cannot run marks a working service
unhealthy forever, so Compose dependencies never start and Swarm keeps replacing it.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/server"]
```

## Fix
Use the exec form and a program that is in the image, typically the application itself:
```dockerfile
HEALTHCHECK CMD ["/server", "healthcheck"]
```
For a `scratch` image, copy the binary (and its CA certificates) from the build stage with
`COPY --from=build`.

## References
- https://docs.docker.com/reference/dockerfile/#healthcheck
- https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
- https://github.com/GoogleContainerTools/distroless#debug-images
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import FinalImage, ProcessSetting
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.image_contents import ImageContents, has_program, image_contents
from seawall.parse.dockerfile import Instruction
from seawall.parse.shell import POSIX_SHELLS

RULE = Rule(
    code="DF604",
    name="command-missing-in-image",
    severity=Severity.HIGH,
    category="reliability",
    summary="HEALTHCHECK, ENTRYPOINT or CMD runs a program the final image cannot contain",
    targets=("dockerfile",),
    references=(
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
        "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",
    ),
)

_DOWNLOADERS = frozenset({"curl", "wget"})
_EFFECT = {
    "HEALTHCHECK": "the check always fails and the container is reported unhealthy",
    "ENTRYPOINT": "the container cannot start",
    "CMD": "the container cannot start",
}


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or image.has_shell:
        return
    contents = image_contents(image, dockerfile.doc.escape)
    settings: list[tuple[str, ProcessSetting]] = []
    health = image.healthcheck
    if health is not None and health.command is not None:
        settings.append(("HEALTHCHECK", health.command))
    if image.entrypoint is not None:
        settings.append(("ENTRYPOINT", image.entrypoint))
    elif image.cmd is not None:
        settings.append(("CMD", image.cmd))
    for keyword, setting in settings:
        found = _problem(image, contents, keyword, setting)
        if found is not None:
            yield dockerfile.finding(RULE, found[1], found[0])


def _program_span(instr: Instruction) -> Span:
    script = instr.script()
    if script is not None and script.commands:
        return instr.locate(*script.commands[0].program_span)
    return instr.args_span


def _problem(
    image: FinalImage, contents: ImageContents, keyword: str, setting: ProcessSetting
) -> tuple[Span, str] | None:
    instr = setting.instruction
    span = _program_span(instr)
    base = "FROM scratch" if image.base_is_scratch else f"based on {image.base_image}"
    effect = _EFFECT[keyword]
    if setting.argv is None:
        shell = instr.shell[0] if instr.shell else "/bin/sh"
        written = "HEALTHCHECK CMD" if keyword == "HEALTHCHECK" else keyword
        if has_program(shell, image, contents):
            return None
        return span, (
            f"{keyword} is in shell form, which runs `{shell} -c …`, but this image ({base}) "
            f'has no shell, so {effect}; use the exec form, {written} ["program", "arg"], '
            "with a program the image contains"
        )
    if not setting.argv or "$" in setting.argv[0]:
        return None
    program = setting.argv[0]
    name = program.rsplit("/", 1)[-1]
    if name in POSIX_SHELLS:
        if has_program(program, image, contents):
            return None
        return span, (
            f"{keyword} runs `{program}`, but this image ({base}) has no shell, so {effect}; "
            "run the program itself in exec form"
        )
    if name in _DOWNLOADERS:
        if has_program(program, image, contents):
            return None
        advice = (
            'let the application check itself (e.g. ["/app", "healthcheck"]) or copy a static '
            "probe binary in"
            if keyword == "HEALTHCHECK"
            else "copy it into the image"
        )
        return span, (
            f"{keyword} runs `{program}`, which this image ({base}) does not contain, so "
            f"{effect}; {advice}"
        )
    if not image.base_is_scratch or contents.unknown or has_program(program, image, contents):
        return None
    return span, (
        f"{keyword} runs `{program}`, but no COPY or ADD puts it into this scratch image, so "
        f"{effect}; copy it in (COPY --from=<build stage> …) or fix the path"
    )
