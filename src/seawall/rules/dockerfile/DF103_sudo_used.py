"""A `RUN` instruction uses `sudo`.

## What it checks
Commands run through `sudo` in `RUN` instructions (shell form, exec form, heredoc scripts, `sh
-c` strings and `ONBUILD RUN`), wherever they appear in a command list or pipeline. Installing
the `sudo` package or mentioning the word (`apt-get install sudo`, `echo sudo`) is not a use.

## Why it matters
Build steps already run as the current `USER`, root by default, so `sudo` adds nothing there.
When it is needed because an earlier `USER` switched away from root, the image must ship `sudo`
with a rule that lets that user become root without a password: anyone who gets a shell in the
container is then root too, which undoes the point of the unprivileged user. `sudo` also
behaves unpredictably without a terminal (password prompts, `requiretty`, signal handling).

## Example
```dockerfile
FROM ubuntu:24.04
USER app
RUN sudo apt-get update && sudo apt-get install -y curl
```

## Fix
Run the steps that need root before switching user, or switch explicitly and back:
```dockerfile
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER 10001
```
To drop privileges at run time in an entrypoint, use `gosu` or `su-exec` instead.

## References
- https://docs.docker.com/build/building/best-practices/#user
- https://github.com/hadolint/hadolint/wiki/DL3004
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction
from seawall.parse.shell import Command

RULE = Rule(
    code="DF103",
    name="sudo-used",
    severity=Severity.MEDIUM,
    category="security",
    summary="A RUN instruction uses sudo",
    targets=("dockerfile",),
    equivalents=("DL3004", "CKV2_DOCKER_1", "DS010"),
    references=("https://docs.docker.com/build/building/best-practices/#user",),
)

_SUDO_WORD = re.compile(r"(?<![\w./-])[\"']?(?:/usr)?(?:/bin/)?sudo\b")


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instruction in dockerfile.doc.walk():
        if instruction.keyword != "RUN":
            continue
        script = instruction.script()
        if script is None:
            continue
        for command in script.commands:
            if command.name != "sudo" and "sudo" not in command.prefixes:
                continue
            used = "sudo" if command.name == "sudo" else f"sudo {command.name}"
            yield dockerfile.finding(
                RULE,
                f"`{used}` in a build step: build steps already run as the current USER "
                f"(root by default), and shipping sudo lets anyone with a shell in the container "
                f"become root; run this before switching USER, or switch with `USER root` and back",
                _sudo_span(instruction, command),
            )


def _sudo_span(instruction: Instruction, command: Command) -> Span:
    """The `sudo` word of the command, else the whole command."""
    start, end = command.span
    head_end = command.program_span[0] if command.name != "sudo" else end
    match = _SUDO_WORD.search(_text_at(instruction, start, max(head_end, start)))
    if match is None:
        return instruction.locate(start, end)
    word_start = start + match.start() + (1 if match.group().startswith(("'", '"')) else 0)
    return instruction.locate(word_start, start + match.end())


def _text_at(instruction: Instruction, start: int, end: int) -> str:
    """``args`` text, extended past its end into the heredoc bodies (their own offsets)."""
    args = instruction.args
    if end <= len(args):
        return args[start:end]
    for heredoc in instruction.heredocs:
        body_end = heredoc.offset + len(heredoc.body)
        if heredoc.offset <= start and end <= body_end:
            return heredoc.body[start - heredoc.offset : end - heredoc.offset]
    return ""
