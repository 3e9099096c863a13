"""A package manager leaves its download cache or index in a layer of the final image.

## What it checks
`RUN` instructions of the stages that make up the final image (the last stage and the stages it
is built `FROM`) where a package manager writes its cache and the same `RUN` does not remove it:

- `apt-get update` (or `apt update`) without `rm -rf /var/lib/apt/lists/*` after it;
- `apk add`/`apk update`/`apk upgrade` without `--no-cache` (or removing `/var/cache/apk`);
- `yum`, `dnf`, `microdnf` or `tdnf` installs without a later `<tool> clean all`, and `zypper`
  installs without a later `zypper clean`;
- `pip install` (also `python -m pip install`) without `--no-cache-dir` or `PIP_NO_CACHE_DIR`;
- `npm install`/`npm ci` without a later `npm cache clean --force`, and `yarn install` without
  `yarn cache clean`.

Removing the cache directory with `rm` in the same `RUN` counts as cleaning it. A `RUN` that
mounts the cache directory with `--mount=type=cache` (or `type=tmpfs`) is not reported: BuildKit
keeps that directory out of the layer. Build stages that only feed files to the final image
through `COPY --from` are not checked: their layers are not shipped.

## Why it matters
Each `RUN` is a layer, and files deleted in a later layer still take space in every pull. Package
indexes and downloaded archives are tens to hundreds of megabytes that the running container
never reads, and they slow down every pull, scan and node start-up.

## Example
```dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
RUN pip install -r requirements.txt
```

## Fix
Clean up in the same `RUN`, or use a cache mount, which also speeds up rebuilds:
```dockerfile
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```

## References
- https://docs.docker.com/build/building/best-practices/#apt-get
- https://docs.docker.com/build/cache/optimize/#use-cache-mounts
- https://github.com/hadolint/hadolint/wiki/DL3009
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction
from seawall.parse.shell import Command

RULE = Rule(
    code="DF301",
    name="package-cache-left",
    severity=Severity.LOW,
    category="performance",
    summary="A package manager leaves its cache in a layer of the final image",
    targets=("dockerfile",),
    equivalents=(
        "DL3009",
        "DL3019",
        "DL3032",
        "DL3036",
        "DL3040",
        "DL3042",
        "DL3060",
        "DS015",
        "DS019",
        "DS020",
        "DS025",
        "DS027",
    ),
    references=(
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
    ),
)

_PIP = re.compile(r"pip(\d+(\.\d+)?)?\Z")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?\Z")
_RPM_TOOLS = frozenset({"yum", "dnf", "microdnf", "tdnf"})
_RPM_WRITES = frozenset(
    {"install", "groupinstall", "localinstall", "reinstall", "update", "upgrade", "distro-sync"}
)
_ZYPPER_WRITES = frozenset(
    {"install", "in", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si"}
)
_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class _Cache:
    """Where a package manager keeps its cache: absolute directories, or paths under a home."""

    system: tuple[str, ...] = ()
    home: tuple[str, ...] = ()


_APT_LISTS = _Cache(system=("/var/lib/apt/lists",))
_APK_CACHE = _Cache(system=("/var/cache/apk", "/etc/apk/cache"))
_RPM_CACHE = _Cache(system=("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"))
_ZYPPER_CACHE = _Cache(system=("/var/cache/zypp",))
_PIP_CACHE = _Cache(home=(".cache/pip",))
_NPM_CACHE = _Cache(home=(".npm",))
_YARN_CACHE = _Cache(system=("/usr/local/share/.cache/yarn",), home=(".cache/yarn",))


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    env: dict[str, str] = {}
    for stage in reversed(image.base_chain):  # the layers of the final image, oldest first
        for instr in stage.instructions:
            if instr.keyword == "ENV":
                env.update({kv.key: kv.value or "" for kv in instr.key_values()})
            elif instr.keyword == "RUN":
                yield from _check_run(dockerfile, instr, env)


def _check_run(
    dockerfile: DockerfileView, instr: Instruction, env: dict[str, str]
) -> Iterator[Finding]:
    script = instr.script()
    if script is None:
        return
    commands = list(script.commands)
    if not commands:
        return
    run = _Run(instr, commands, _mount_targets(instr))
    for found in (
        _apt(run),
        _apk(run),
        _rpm(run),
        _zypper(run),
        _pip(run, env),
        _npm(run),
        _yarn(run),
    ):
        if found is not None:
            span, message = found
            yield dockerfile.finding(RULE, message, span)


@dataclass(frozen=True, slots=True)
class _Run:
    instr: Instruction
    commands: list[Command]
    mounts: list[str]

    def words(self, cmd: Command, subcommand: str | None) -> Span:
        """The program and its subcommand (`apt-get update`), as written."""
        end = cmd.program_span[1]
        if subcommand is not None:
            for word, (_, stop) in zip(cmd.args, cmd.arg_spans, strict=False):
                if word == subcommand:
                    end = stop
                    break
        return self.instr.locate(cmd.program_span[0], end)

    def kept_out(self, cache: _Cache) -> bool:
        """A cache or tmpfs mount keeps the cache directory out of the layer."""
        return any(_covers(target, cache) for target in self.mounts)

    def cleaned_after(self, index: int, cache: _Cache, cleaners: Sequence[Command] = ()) -> bool:
        """The cache is removed after ``commands[index]``: by ``rm`` or one of ``cleaners``."""
        later = self.commands[index + 1 :]
        if any(c in cleaners for c in later):
            return True
        for cmd in later:
            if cmd.name == "rm" and any(_covers(p, cache) for p in cmd.positionals):
                return True
        return False


def _mount_targets(instr: Instruction) -> list[str]:
    targets: list[str] = []
    for flag in instr.flag_list:
        if flag.name != "mount" or not flag.value:
            continue
        options: dict[str, str] = {}
        for item in flag.value.split(","):
            key, _, value = item.partition("=")
            options[key.strip().lower()] = value.strip()
        if options.get("type", "bind") not in ("cache", "tmpfs"):
            continue
        target = options.get("target") or options.get("dst") or options.get("destination")
        if target:
            targets.append(target)
    return targets


def _normal(path: str) -> str:
    """``/var/lib/apt/lists/*`` → ``/var/lib/apt/lists``; ``$HOME``/``${HOME}`` → ``~``."""
    for home in ("${HOME}", "$HOME"):
        if path.startswith(home):
            path = "~" + path[len(home) :]
    while path.endswith(("/*", "/")) and len(path) > 1:
        path = path[:-2] if path.endswith("/*") else path[:-1]
    return path


def _covers(path: str, cache: _Cache) -> bool:
    """Removing (or mounting) ``path`` removes (or keeps out) the cache."""
    p = _normal(path)
    if not p or "*" in p:
        return False
    if p == "/":
        return True
    for directory in cache.system:
        if directory == p or directory.startswith(p + "/"):
            return True
    parts = p.split("/")
    for relative in cache.home:
        # the cache's own directory or one of its parents inside a home directory
        pieces = relative.split("/")
        ancestors = {"/".join(pieces[: k + 1]) for k in range(len(pieces))}
        for k in range(1, len(parts)):
            if "/".join(parts[k:]) in ancestors:
                return True
    return False


def _apt(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_APT_LISTS):
        return None
    updates = [
        (i, c)
        for i, c in enumerate(run.commands)
        if c.name in ("apt-get", "apt") and c.subcommand == "update"
    ]
    for index, cmd in updates:
        if not run.cleaned_after(index, _APT_LISTS):
            return (
                run.words(cmd, "update"),
                f"`{cmd.name} update` downloads the package lists into /var/lib/apt/lists and "
                "this RUN never removes them, so they stay in the image; end the same RUN with "
                "`rm -rf /var/lib/apt/lists/*` (or mount the directory with "
                "`--mount=type=cache`)",
            )
    return None


def _apk(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_APK_CACHE):
        return None
    for index, cmd in enumerate(run.commands):
        if cmd.name != "apk" or cmd.subcommand not in ("add", "update", "upgrade"):
            continue
        if cmd.has_flag("--no-cache") or run.cleaned_after(index, _APK_CACHE):
            continue
        return (
            run.words(cmd, cmd.subcommand),
            f"`apk {cmd.subcommand}` without `--no-cache` stores the package index in "
            "/var/cache/apk, which stays in the image; use `apk add --no-cache …` (it needs no "
            "`apk update` either)",
        )
    return None


def _rpm(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_RPM_CACHE):
        return None
    cleaners = [c for c in run.commands if c.name in _RPM_TOOLS and c.has_args("clean", "all")]
    writes = [
        (i, c)
        for i, c in enumerate(run.commands)
        if c.name in _RPM_TOOLS and c.subcommand in _RPM_WRITES
    ]
    if not writes:
        return None
    index, cmd = writes[-1]
    if run.cleaned_after(index, _RPM_CACHE, cleaners):
        return None
    return (
        run.words(cmd, cmd.subcommand),
        f"`{cmd.name} {cmd.subcommand}` leaves its metadata and package cache in /var/cache in "
        f"this layer; end the same RUN with `{cmd.name} clean all`",
    )


def _zypper(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_ZYPPER_CACHE):
        return None
    cleaners = [c for c in run.commands if c.name == "zypper" and c.subcommand in ("clean", "cc")]
    writes = [
        (i, c)
        for i, c in enumerate(run.commands)
        if c.name == "zypper" and c.subcommand in _ZYPPER_WRITES
    ]
    if not writes:
        return None
    index, cmd = writes[-1]
    if run.cleaned_after(index, _ZYPPER_CACHE, cleaners):
        return None
    return (
        run.words(cmd, cmd.subcommand),
        f"`zypper {cmd.subcommand}` leaves its package cache in /var/cache/zypp in this layer; "
        "end the same RUN with `zypper clean --all`",
    )


def _is_pip_install(cmd: Command) -> bool:
    if _PIP.match(cmd.name):
        return cmd.subcommand == "install"
    if _PYTHON.match(cmd.name) and cmd.option("-m") == "pip":
        return cmd.has_args("pip", "install")
    return False


def _pip(run: _Run, env: dict[str, str]) -> tuple[Span, str] | None:
    if env.get("PIP_NO_CACHE_DIR", "").lower() not in _FALSE or run.kept_out(_PIP_CACHE):
        return None
    for index, cmd in enumerate(run.commands):
        if not _is_pip_install(cmd) or cmd.has_flag("--no-cache-dir"):
            continue
        if cmd.assignments.get("PIP_NO_CACHE_DIR", "").lower() not in _FALSE:
            continue
        if run.cleaned_after(index, _PIP_CACHE):
            continue
        return (
            run.words(cmd, "install"),
            "`pip install` keeps every downloaded package in ~/.cache/pip, which stays in the "
            "image; add `--no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1`, or mount "
            "~/.cache/pip with `--mount=type=cache`)",
        )
    return None


def _npm(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_NPM_CACHE):
        return None
    cleaners = [c for c in run.commands if c.name == "npm" and c.has_args("cache", "clean")]
    for index, cmd in enumerate(run.commands):
        if cmd.name != "npm" or cmd.subcommand not in ("install", "i", "ci", "add"):
            continue
        if run.cleaned_after(index, _NPM_CACHE, cleaners):
            continue
        return (
            run.words(cmd, cmd.subcommand),
            f"`npm {cmd.subcommand}` keeps its download cache in ~/.npm, which stays in the "
            "image; end the same RUN with `npm cache clean --force` (or mount ~/.npm with "
            "`--mount=type=cache`)",
        )
    return None


def _yarn(run: _Run) -> tuple[Span, str] | None:
    if run.kept_out(_YARN_CACHE):
        return None
    cleaners = [c for c in run.commands if c.name == "yarn" and c.has_args("cache", "clean")]
    for index, cmd in enumerate(run.commands):
        if cmd.name != "yarn" or cmd.subcommand not in (None, "install", "add"):
            continue
        if run.cleaned_after(index, _YARN_CACHE, cleaners):
            continue
        sub = cmd.subcommand
        label = f"yarn {sub}" if sub else "yarn"
        return (
            run.words(cmd, sub),
            f"`{label}` keeps its package cache, which stays in the image; end the same RUN "
            "with `yarn cache clean` (or mount the cache with `--mount=type=cache`)",
        )
    return None
