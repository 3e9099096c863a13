"""A downloaded script is run straight from the network (`curl … | sh`).

## What it checks
`RUN` instructions where the output of `curl` or `wget` is executed without being stored and
checked first:

- piped into a shell or interpreter (`sh`, `bash`, `python`, `perl`, `ruby`, `node`, `php`),
  directly or through other commands (`curl … | tee log | sh`), also under `sudo`;
- given to one as a process or command substitution: `bash <(curl …)`,
  `sh -c "$(curl …)"`, `eval "$(curl …)"`, `. <(wget -O- …)`.

An interpreter that reads the piped data as *data* is not reported: `python3 -c '…'`,
`python3 -m json.tool`, `perl -ne '…'`, `sh -c '…'`, or one given a script file to run.

## Why it matters
The build runs whatever the server returns at that moment, as root, with the build's network and
secrets at hand: nothing in the Dockerfile says which script that was, nothing checks it, and a
compromised or hijacked download site compromises every image built afterwards (the Codecov
bash-uploader breach worked exactly this way). Without `set -o pipefail` a failed or truncated
download can even run half a script and let the build succeed.

## Example
```dockerfile
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
```

## Fix
Download to a file, check it against a checksum you pinned (or a signature), then run it; better,
install from the distribution's packages or copy the binary from an official image:
```dockerfile
ARG SETUP_SHA256=<sha256 of the reviewed script>
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \
    && echo "${SETUP_SHA256}  /tmp/setup.sh" | sha256sum -c - \
    && bash /tmp/setup.sh && rm /tmp/setup.sh
```

## References
- https://docs.docker.com/build/building/best-practices/#using-pipes
- https://about.codecov.io/apr-2021-post-mortem/
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
from seawall.parse.shell import POSIX_SHELLS, Command, ShellScript

RULE = Rule(
    code="DF305",
    name="curl-pipe-shell",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A downloaded script is run straight from the network",
    targets=("dockerfile",),
    references=("https://docs.docker.com/build/building/best-practices/#using-pipes",),
)

_DOWNLOADERS = frozenset({"curl", "wget"})
_OTHER_INTERPRETERS = re.compile(
    r"(python|pypy)(\d+(\.\d+)?)?|perl|ruby|node|nodejs|php\d*|pwsh|deno|bun"
)
# options meaning "the program is given inline, stdin is data"
_INLINE_PROGRAM = ("-c", "-m", "-e", "-E", "-r", "--eval", "--print", "-p", "-Command")
_SOURCING = frozenset({"eval", "source", "."})
_STDIN = frozenset({"-", "/dev/stdin"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr in dockerfile.instructions("RUN"):
        script = instr.script()
        if script is None:
            continue
        seen: set[tuple[int, int]] = set()
        for span, download, runner in _piped(instr, script):
            if (span.offset, span.end_offset) not in seen:
                seen.add((span.offset, span.end_offset))
                yield dockerfile.finding(RULE, _message(download, runner, "is piped"), span)
        for span, download, runner in _substituted(instr, script):
            if (span.offset, span.end_offset) not in seen:
                seen.add((span.offset, span.end_offset))
                yield dockerfile.finding(RULE, _message(download, runner, "is given"), span)


def _message(download: Command, runner: Command, how: str) -> str:
    return (
        f"the output of `{download.name}` {how} straight to `{runner.name}`: the build runs "
        "whatever the server sends, unchecked and unpinned; download to a file, verify a pinned "
        "sha256 (or a signature), then run it"
    )


def _is_interpreter(name: str) -> bool:
    return name in POSIX_SHELLS or _OTHER_INTERPRETERS.fullmatch(name) is not None


def _runs_stdin(cmd: Command) -> bool:
    """The interpreter takes its program from standard input."""
    if not _is_interpreter(cmd.name) or cmd.has_flag(*_INLINE_PROGRAM):
        return False
    if cmd.name in POSIX_SHELLS and cmd.has_flag("-s"):
        return True
    operands = cmd.positionals
    return not operands or operands[0] in _STDIN


def _coordinates_text(instr: Instruction) -> str:
    """The text that offsets of ``instr.script()`` index: ``args``, then each heredoc body."""
    text = instr.args
    for heredoc in instr.heredocs:
        if heredoc.offset >= len(text):
            text = text.ljust(heredoc.offset) + heredoc.body
    return text


def _piped(instr: Instruction, script: ShellScript) -> Iterator[tuple[Span, Command, Command]]:
    text: str | None = None
    for pipeline in script.pipelines:
        for i, stage in enumerate(pipeline):
            downloads = [c for c in stage if c.name in _DOWNLOADERS]
            if not downloads:
                continue
            for later in pipeline[i + 1 :]:
                runner = next((c for c in later if _runs_stdin(c)), None)
                if runner is None:
                    continue
                if text is None:
                    text = _coordinates_text(instr)
                # point at the `|` in front of the stage that runs the download
                start = later[0].span[0]
                bar = text.rfind("|", downloads[0].span[1], start)
                first = bar if bar >= 0 else downloads[0].span[0]
                yield instr.locate(first, runner.program_span[1]), downloads[0], runner
                break


def _substituted(
    instr: Instruction, script: ShellScript
) -> Iterator[tuple[Span, Command, Command]]:
    commands = script.commands
    runners = [c for c in commands if c.name in _SOURCING or _is_interpreter(c.name)]
    for download in commands:
        if download.name not in _DOWNLOADERS or download.context not in ("$()", "<()"):
            continue
        start, end = download.span
        # the innermost shell, interpreter or `eval` whose words contain the substitution
        holder: Command | None = None
        for cmd in runners:
            if not (cmd.span[0] <= start and end <= cmd.span[1]):
                continue
            if holder is None or cmd.span[1] - cmd.span[0] < holder.span[1] - holder.span[0]:
                holder = cmd
        if holder is None:
            continue
        if holder.name in _SOURCING or _runs_substitution(holder, start):
            yield instr.locate(holder.program_span[0], end), download, holder


def _runs_substitution(holder: Command, at: int) -> bool:
    """``bash <(curl …)`` or ``sh -c "$(curl …)"``: the substitution is the program itself,
    not data inside a longer script or an argument of another program."""
    for word, (start, end) in zip(holder.args, holder.arg_spans, strict=False):
        if start <= at < end:
            return word.startswith(("$(", "<(")) and word.endswith(")")
        if not word.startswith("-"):
            return False  # an earlier operand is the program; the substitution is its data
    return False
