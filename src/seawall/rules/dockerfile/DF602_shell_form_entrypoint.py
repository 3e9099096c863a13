"""The container's main process is started through `/bin/sh -c` (shell form).

## What it checks
The final image's `ENTRYPOINT` in shell form (`ENTRYPOINT ./server`), or, when there is no
`ENTRYPOINT`, its `CMD` in shell form. Also a shell-form `CMD` under an exec-form
`ENTRYPOINT`, which hands the entrypoint the arguments `/bin/sh -c "…"`. Not reported: a
shell-form command whose last step is `exec …` (the shell replaces itself with the program),
Windows images, and images without a shell, where the command cannot start at all (DF604).

## Why it matters
In shell form the process with PID 1 is `/bin/sh -c "…"`. Unless the shell happens to replace
itself with the program, PID 1 is the shell, which does not forward `SIGTERM`: `docker stop` and
pod termination wait for the whole grace period and then kill the application without a clean
shutdown (lost requests, unflushed data). A shell-form `ENTRYPOINT` also ignores `CMD` and the
arguments of `docker run`. Under an exec-form `ENTRYPOINT`, a shell-form `CMD` is passed on as
three arguments, `/bin/sh`, `-c` and the text, which few entrypoints expect.

## Example
```dockerfile
ENTRYPOINT java -jar /app/app.jar
```

## Fix
Use the exec (JSON) form, so that the program itself is PID 1:
```dockerfile
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
```
When shell features are needed, end the script with `exec`: `CMD ["sh", "-c", "exec java
$JAVA_OPTS -jar /app/app.jar"]`.

## References
- https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
- https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact
- https://github.com/hadolint/hadolint/wiki/DL3025
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import ProcessSetting
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF602",
    name="shell-form-entrypoint",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="The container's main process is started through /bin/sh -c (shell form)",
    targets=("dockerfile",),
    equivalents=("DL3025",),
    references=("https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",),
)

_WINDOWS_SHELLS = frozenset({"cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None or not image.has_shell:
        return  # without a shell the command cannot start at all: DF604 reports that
    entrypoint, cmd = image.entrypoint, image.cmd
    if entrypoint is not None and not entrypoint.exec_form:
        if _needs_report(entrypoint):
            yield dockerfile.finding(
                RULE,
                "ENTRYPOINT in shell form runs under `/bin/sh -c`, so CMD and `docker run` "
                "arguments are ignored and PID 1 may be the shell, which does not pass SIGTERM "
                'on; use the exec form, ENTRYPOINT ["program", "arg"]',
                entrypoint.instruction.args_span,
            )
    elif cmd is not None and not cmd.exec_form and _needs_report(cmd):
        if entrypoint is None:
            message = (
                "CMD in shell form runs under `/bin/sh -c`: unless the shell replaces itself, PID "
                "1 is the shell, which does not pass SIGTERM on, and the container is killed "
                'without a clean shutdown; use the exec form, CMD ["program", "arg"] (or start '
                "the command with `exec`)"
            )
        else:
            message = (
                "CMD in shell form is handed to the exec-form ENTRYPOINT as the arguments "
                '`/bin/sh -c "…"`; write it in exec form, CMD ["arg", …]'
            )
        yield dockerfile.finding(RULE, message, cmd.instruction.args_span)


def _needs_report(setting: ProcessSetting) -> bool:
    instr = setting.instruction
    shell = instr.shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if instr.shell else ""
    if shell in _WINDOWS_SHELLS:
        return False
    script = instr.script()
    if script is None:
        return True
    top = [c for c in script.commands if c.depth == 0 and not c.context]
    return not (top and "exec" in top[-1].prefixes)
