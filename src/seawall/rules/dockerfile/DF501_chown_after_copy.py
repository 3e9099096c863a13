"""A `RUN chmod`/`chown` changes files that an earlier `COPY` put there, storing them twice.

## What it checks
In the stages that make up the final image (the last stage and the stages it is built `FROM`):
a `RUN` whose `chmod`, `chown` or `chgrp` changes a path that an earlier `COPY` or `ADD` created:
the copied file itself, a file inside a copied directory, or (with `-R`) a directory that holds
copied files. A non-recursive change of a directory's own mode is not reported (it copies no
file contents). Paths are resolved against `WORKDIR` and `ENV`; paths with unknown variables
are skipped. Build stages that only feed files to the final image are not checked.

## Why it matters
Layers are stacked copies: changing the mode or owner of a file in a later layer copies the
whole file into that layer, so the image carries it twice. For an application directory
(`chown -R app /app` after `COPY . /app`) that doubles its size in every pull. `COPY --chmod`
and `COPY --chown` set both while copying, in one layer.

## Example
```dockerfile
COPY --chown=app:app ./app /app/
RUN chmod +x /app/main
```

## Fix
```dockerfile
COPY --chown=app:app --chmod=755 ./app /app/
```
`--chmod` needs BuildKit (the default builder since Docker 23) and applies to every file copied;
copy the executable on its own line if the others should keep their modes.

## References
- https://docs.docker.com/reference/dockerfile/#copy---chown---chmod
- https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers
"""

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction, expand
from seawall.parse.shell import Command

RULE = Rule(
    code="DF501",
    name="chown-after-copy",
    severity=Severity.LOW,
    category="performance",
    summary="A RUN chmod/chown changes copied files, storing them twice",
    targets=("dockerfile",),
    references=("https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",),
)

_SYMBOLIC_MODE_FLAG = re.compile(r"-[rwxXst]+")
_OCTAL = re.compile(r"[0-7]{3,4}")
_GLOB = re.compile(r"[*?\[]")
_WHOLE = frozenset({".", "./"})


@dataclass(frozen=True, slots=True)
class _Copied:
    path: str
    # True: the destination certainly is a directory (a trailing slash, several sources, `.`);
    # False: one source copied to a path without a trailing slash, a file or a directory
    directory: bool
    instruction: Instruction


@dataclass(frozen=True, slots=True)
class _Target:
    path: str
    inside: bool  # a glob: the files under ``path``, not ``path`` itself
    start: int
    end: int


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    esc = dockerfile.doc.escape
    env: dict[str, str | None] = {}
    copied: list[_Copied] = []
    workdir: str | None = None  # the base image's WORKDIR is unknown
    for stage in reversed(image.base_chain):  # the layers of the final image, oldest first
        for instr in stage.instructions[1:]:
            keyword = instr.keyword
            if keyword in ("ENV", "ARG"):
                for kv in instr.key_values():
                    if kv.raw_value is not None:
                        env[kv.key] = expand(kv.raw_value, env, escape=esc).value
                    elif keyword == "ARG":
                        env.setdefault(kv.key, dockerfile.doc.global_args.get(kv.key))
            elif keyword == "WORKDIR" and instr.args:
                workdir = _resolve(expand(instr.args, env, escape=esc).value, workdir, env)
            elif keyword in ("COPY", "ADD"):
                entry = _copied(instr, env, workdir, esc)
                if entry is not None:
                    copied.append(entry)
            elif keyword == "RUN" and copied:
                yield from _check_run(dockerfile, instr, copied, env, workdir)


def _resolve(path: str, workdir: str | None, env: dict[str, str | None]) -> str | None:
    if "$" in path:
        expansion = expand(path, env)
        if not expansion.complete:
            return None
        path = expansion.value
    if not path:
        return None
    if not path.startswith("/"):
        if workdir is None:
            return None
        path = posixpath.join(workdir, path)
    return posixpath.normpath(path)


def _copied(
    instr: Instruction, env: dict[str, str | None], workdir: str | None, esc: str
) -> _Copied | None:
    if instr.json_args is not None:
        words = list(instr.json_args)
    else:
        words = [w.text for w in instr.words()]
    if len(words) < 2:
        return None
    raw_dest = words[-1]
    dest_text = expand(raw_dest, env, escape=esc)
    if not dest_text.complete:
        return None
    dest = _resolve(dest_text.value, workdir, env)
    if dest is None:
        return None
    sources = [expand(w, None, escape=esc).value for w in words[:-1]]
    directory = (
        dest_text.value.endswith("/")
        or len(sources) > 1
        or any(s in _WHOLE or s.endswith("/") or _GLOB.search(s) for s in sources)
    )
    return _Copied(dest, directory, instr)


def _check_run(
    dockerfile: DockerfileView,
    instr: Instruction,
    copied: list[_Copied],
    env: dict[str, str | None],
    workdir: str | None,
) -> Iterator[Finding]:
    script = instr.script()
    if script is None:
        return
    for cmd in script.commands:
        if cmd.name not in ("chmod", "chown", "chgrp"):
            continue
        recursive = cmd.has_flag("-R", "--recursive")
        for target in _targets(cmd, workdir, env):
            source = _touches(target, recursive, copied)
            if source is None:
                continue
            yield dockerfile.finding(
                RULE,
                _message(cmd, target, source, recursive),
                instr.locate(target.start, target.end),
            )
            break


def _targets(cmd: Command, workdir: str | None, env: dict[str, str | None]) -> list[_Target]:
    words: list[tuple[str, int, int]] = []
    dashes = False
    for word, (start, end) in zip(cmd.args, cmd.arg_spans, strict=False):
        if not dashes and word == "--":
            dashes = True
        elif dashes or not (word.startswith("-") and len(word) > 1):
            words.append((word, start, end))
    mode_in_flags = cmd.name == "chmod" and any(_SYMBOLIC_MODE_FLAG.fullmatch(w) for w in cmd.args)
    if not (mode_in_flags or any(w.startswith("--reference") for w in cmd.args)):
        words = words[1:]  # the mode or the owner
    out: list[_Target] = []
    for word, start, end in words:
        inside = False
        glob = _GLOB.search(word)
        if glob is not None:
            word = word[: glob.start()]
            word = word if word.endswith("/") else posixpath.dirname(word)
            inside = True
        path = _resolve(word, workdir, env) if word else None
        if path is not None:
            out.append(_Target(path, inside, start, end))
    return out


def _under(path: str, parent: str) -> bool:
    return parent == "/" or path.startswith(parent.rstrip("/") + "/")


def _touches(target: _Target, recursive: bool, copied: list[_Copied]) -> _Copied | None:
    """The latest copy whose files the change rewrites."""
    for entry in reversed(copied):
        dest = entry.path
        if target.path == dest:
            # a directory's own mode or owner is cheap to change; its files are not
            if recursive or target.inside or not entry.directory:
                return entry
        elif _under(target.path, dest) or (recursive and _under(dest, target.path)):
            return entry
    return None


def _message(cmd: Command, target: _Target, source: _Copied, recursive: bool) -> str:
    copy = source.instruction
    if cmd.name == "chmod":
        mode = next((w for w in cmd.positionals if _OCTAL.fullmatch(w)), None)
        if mode is None and any(w.endswith("+x") for w in [*cmd.positionals, *cmd.args]):
            mode = "755"
        flag = f"--chmod={mode or '<octal mode>'}"
    else:
        owner = next(iter(cmd.positionals), "<user>:<group>")
        if cmd.name == "chgrp":
            owner = f"<user>:{owner}"
        flag = f"--chown={owner}"
    where = f"{copy.keyword} (line {copy.line})"
    if (recursive or target.inside) and _under(source.path, target.path):
        at = "in" if source.directory else "at"
        what = f"the files that {where} put {at} {source.path}, so the image stores them twice"
    elif recursive or target.inside:
        what = (
            f"the files in {target.path}, which {where} put there, so the image stores them twice"
        )
    else:
        what = f"{target.path}, which {where} put there, so the image stores it twice"
    return (
        f"`{cmd.name}` changes {what}; set it while copying with `{copy.keyword} {flag}` and "
        f"drop the `{cmd.name}`"
    )
