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

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import FinalImage, ProcessSetting
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction, expand
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

_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_DOWNLOADERS = frozenset({"curl", "wget"})
_EFFECT = {
    "HEALTHCHECK": "the check always fails and the container is reported unhealthy",
    "ENTRYPOINT": "the container cannot start",
    "CMD": "the container cannot start",
}


@dataclass(slots=True)
class _Contents:
    """What COPY and ADD put into the final image (the stages it is built from included)."""

    paths: list[str] = field(default_factory=list)
    unknown: bool = False  # a destination with an unknown variable, or a RUN in scratch

    def has(self, path: str) -> bool:
        return any(
            path == p or p == "/" or path.startswith(p.rstrip("/") + "/") for p in self.paths
        )


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or image.has_shell:
        return
    contents = _contents(image, dockerfile.doc.escape)
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
    image: FinalImage, contents: _Contents, keyword: str, setting: ProcessSetting
) -> tuple[Span, str] | None:
    instr = setting.instruction
    span = _program_span(instr)
    base = "FROM scratch" if image.base_is_scratch else f"based on {image.base_image}"
    effect = _EFFECT[keyword]
    if setting.argv is None:
        shell = instr.shell[0] if instr.shell else "/bin/sh"
        written = "HEALTHCHECK CMD" if keyword == "HEALTHCHECK" else keyword
        if _found(shell, image, contents):
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
        if _found(program, image, contents):
            return None
        return span, (
            f"{keyword} runs `{program}`, but this image ({base}) has no shell, so {effect}; "
            "run the program itself in exec form"
        )
    if name in _DOWNLOADERS:
        if _found(program, image, contents):
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
    if not image.base_is_scratch or contents.unknown or _found(program, image, contents):
        return None
    return span, (
        f"{keyword} runs `{program}`, but no COPY or ADD puts it into this scratch image, so "
        f"{effect}; copy it in (COPY --from=<build stage> …) or fix the path"
    )


def _found(program: str, image: FinalImage, contents: _Contents) -> bool:
    """``program`` is (or may be) in the image through COPY/ADD."""
    if "/" in program:
        path = program
        if not program.startswith("/"):
            path = posixpath.join(image.config.workdir or "/", program)
        return contents.has(posixpath.normpath(path))
    search = image.env.get("PATH") or _DEFAULT_PATH
    return any(contents.has(posixpath.join(d, program)) for d in search.split(":") if d)


def _contents(image: FinalImage, esc: str) -> _Contents:
    contents = _Contents()
    env: dict[str, str | None] = {}
    workdir: str | None = "/" if image.base_is_scratch else None
    for stage in reversed(image.base_chain):  # oldest first
        for instr in stage.instructions[1:]:
            keyword = instr.keyword
            if keyword in ("ENV", "ARG"):
                for kv in instr.key_values():
                    if kv.raw_value is not None:
                        env[kv.key] = expand(kv.raw_value, env, escape=esc).value
            elif keyword == "WORKDIR" and instr.args:
                value = expand(instr.args, env, escape=esc)
                if not value.complete:
                    workdir = None
                elif value.value.startswith("/"):
                    workdir = posixpath.normpath(value.value)
                elif workdir is not None:
                    workdir = posixpath.normpath(posixpath.join(workdir, value.value))
            elif keyword == "RUN" and image.base_is_scratch:
                contents.unknown = True
            elif keyword in ("COPY", "ADD"):
                words = (
                    instr.json_args
                    if instr.json_args is not None
                    else [w.text for w in instr.words()]
                )
                if len(words) < 2:
                    continue
                dest = expand(words[-1], env, escape=esc)
                path = dest.value
                if not dest.complete or not path:
                    contents.unknown = True
                elif path.startswith("/"):
                    contents.paths.append(posixpath.normpath(path))
                elif workdir is not None:
                    contents.paths.append(posixpath.normpath(posixpath.join(workdir, path)))
                else:
                    contents.unknown = True
    return contents
