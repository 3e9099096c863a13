"""Downloads executed straight from the network (``curl … | sh``, ``bash <(curl …)``).

Shared by the Dockerfile ``RUN`` rule and the GitLab CI script rule: both parse their shell text
with ``seawall.parse.shell`` and report the offsets returned here, in that text's coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from seawall.parse.shell import POSIX_SHELLS, Command, ShellScript

DOWNLOADERS = frozenset({"curl", "wget"})
_OTHER_INTERPRETERS = re.compile(
    r"(python|pypy)(\d+(\.\d+)?)?|perl|ruby|node|nodejs|php\d*|pwsh|deno|bun"
)
# options meaning "the program is given inline, stdin is data"
_INLINE_PROGRAM = ("-c", "-m", "-e", "-E", "-r", "--eval", "--print", "-p", "-Command")
_SOURCING = frozenset({"eval", "source", "."})
_STDIN = frozenset({"-", "/dev/stdin"})


@dataclass(frozen=True, slots=True)
class RemoteRun:
    """A download run by ``runner``: ``how`` is "is piped" or "is given"; ``start``/``end``
    are offsets in the script text (the ``|`` before the runner through the runner's name, or
    the runner through the substitution)."""

    start: int
    end: int
    download: Command
    runner: Command
    how: str


def is_interpreter(name: str) -> bool:
    return name in POSIX_SHELLS or _OTHER_INTERPRETERS.fullmatch(name) is not None


def runs_stdin(cmd: Command) -> bool:
    """The interpreter takes its program from standard input."""
    if not is_interpreter(cmd.name) or cmd.has_flag(*_INLINE_PROGRAM):
        return False
    if cmd.name in POSIX_SHELLS and cmd.has_flag("-s"):
        return True
    operands = cmd.positionals
    return not operands or operands[0] in _STDIN


def remote_runs(script: ShellScript, text: str) -> Iterator[RemoteRun]:
    """Every download in ``script`` (parsed from ``text``) that is executed unchecked, once per
    place."""
    seen: set[tuple[int, int]] = set()
    for run in (*_piped(script, text), *_substituted(script)):
        if (run.start, run.end) not in seen:
            seen.add((run.start, run.end))
            yield run


def _piped(script: ShellScript, text: str) -> Iterator[RemoteRun]:
    for pipeline in script.pipelines:
        for i, stage in enumerate(pipeline):
            downloads = [c for c in stage if c.name in DOWNLOADERS]
            if not downloads:
                continue
            for later in pipeline[i + 1 :]:
                runner = next((c for c in later if runs_stdin(c)), None)
                if runner is None:
                    continue
                # point at the `|` in front of the stage that runs the download
                start = later[0].span[0]
                bar = text.rfind("|", downloads[0].span[1], start)
                first = bar if bar >= 0 else downloads[0].span[0]
                yield RemoteRun(first, runner.program_span[1], downloads[0], runner, "is piped")
                break


def _substituted(script: ShellScript) -> Iterator[RemoteRun]:
    commands = script.commands
    runners = [c for c in commands if c.name in _SOURCING or is_interpreter(c.name)]
    for download in commands:
        if download.name not in DOWNLOADERS or download.context not in ("$()", "<()"):
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
            yield RemoteRun(holder.program_span[0], end, download, holder, "is given")


def _runs_substitution(holder: Command, at: int) -> bool:
    """``bash <(curl …)`` or ``sh -c "$(curl …)"``: the substitution is the program itself,
    not data inside a longer script or an argument of another program."""
    for word, (start, end) in zip(holder.args, holder.arg_spans, strict=False):
        if start <= at < end:
            return word.startswith(("$(", "<(")) and word.endswith(")")
        if not word.startswith("-"):
            return False  # an earlier operand is the program; the substitution is its data
    return False
