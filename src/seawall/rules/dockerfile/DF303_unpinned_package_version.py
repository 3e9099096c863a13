"""Packages are installed without a version, so each build may get different ones.

## What it checks
Package installs in `RUN` instructions that name packages without a version:

- `apt-get install` / `apt install`: `curl` instead of `curl=7.88.1-10+deb12u5`;
- `apk add`: `curl` instead of `curl=8.5.0-r0` (or `curl~8.5`);
- `pip install`: `flask` instead of `flask==3.0.3` (or `~=`, or an upper bound); a lower bound
  alone (`>=`) is not a pin;
- `gem install`: `rails` instead of `rails:7.1.3` or `-v 7.1.3`;
- `npm install`: `express` instead of `express@4.19.2` (`@latest` and other tags count as
  unpinned).

Not reported: `pip install -r requirements.txt` (the file pins), `-c constraints.txt` and
`--require-hashes`; local files, paths and URLs; `npm install`/`npm ci` without package names
(the lock file pins); words that are shell variables. One finding per command, at its first
unpinned package.

## Why it matters
Without versions the image depends on the day it was built: a rebuild for an unrelated change
can bring a new major version, a regression or a compromised release, and two images built from
the same commit can differ. Pinned versions make builds reproducible and upgrades deliberate
(and reviewable, for example through Renovate or Dependabot).

## Example
```dockerfile
RUN apk add --no-cache curl
RUN pip install --no-cache-dir flask gunicorn
```

## Fix
```dockerfile
RUN apk add --no-cache curl=8.5.0-r0
RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0
```
For Python, prefer a requirements file with hashes (`pip install --require-hashes -r
requirements.txt`). Alpine removes old package versions from its mirrors; pin with `~` to the
minor version (`curl~8.5`) and bump with the base image.

## References
- https://docs.docker.com/build/building/best-practices/#apt-get
- https://pip.pypa.io/en/stable/topics/repeatable-installs/
- https://github.com/hadolint/hadolint/wiki/DL3008
"""

import re
from collections.abc import Callable, Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.shell import Command

RULE = Rule(
    code="DF303",
    name="unpinned-package-version",
    severity=Severity.LOW,
    category="supply-chain",
    summary="Packages are installed without a version",
    targets=("dockerfile",),
    equivalents=("DL3008", "DL3013", "DL3016", "DL3018", "DL3028"),
    references=(
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
    ),
)

_PIP = re.compile(r"pip(\d+(\.\d+)?)?\Z")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?\Z")
_NPM_TAG = re.compile(r"@(latest|next|beta|alpha|canary|rc|lts)\Z")

# options that take the next word as their value, per tool
_APT_VALUES = frozenset(
    {"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file",
     "-a", "--host-architecture"}
)  # fmt: skip
_APK_VALUES = frozenset(
    {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--cache-dir",
     "--keys-dir", "--repositories-file", "--allow-untrusted-keys"}
)  # fmt: skip
_PIP_VALUES = frozenset(
    {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target",
     "--prefix", "--root", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
     "--platform", "--python-version", "--implementation", "--abi", "--src", "--log",
     "--cache-dir", "--progress-bar", "--trusted-host", "--proxy", "--retries", "--timeout",
     "--exists-action", "--global-option", "--config-settings", "-C", "--only-binary",
     "--no-binary", "--upgrade-strategy", "--report", "--python", "--cert", "--client-cert"}
)  # fmt: skip
_GEM_VALUES = frozenset(
    {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source",
     "-P", "--trust-policy", "--platform", "-g", "--file", "--build-root"}
)  # fmt: skip
_NPM_VALUES = frozenset(
    {"--prefix", "--registry", "--tag", "-w", "--workspace", "--omit", "--include", "--cache",
     "--userconfig", "--install-strategy"}
)  # fmt: skip


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr, cmd in dockerfile.run_commands():
        found = _unpinned(cmd)
        if found is None:
            continue
        tool, indexes = found
        names = [cmd.args[i] for i in indexes]
        shown = [f"`{n}`" for n in names[:4]]
        if len(names) > 4:
            shown.append(f"{len(names) - 4} more")
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        yield dockerfile.finding(
            RULE,
            f"`{tool}` names {listed} without a pinned version, so each build may install a "
            f"different one; pin {'it' if len(names) == 1 else 'them'} "
            f"({_HINTS[tool.split()[0]]})",
            instr.locate(*cmd.arg_spans[indexes[0]]),
        )


_HINTS = {
    "apt-get": "`package=version`",
    "apt": "`package=version`",
    "apk": "`package=version` or `package~minor`",
    "pip": "`package==version`, or a requirements file",
    "gem": "`gem:version` or `-v version`",
    "npm": "`package@version`",
}


def _unpinned(cmd: Command) -> tuple[str, list[int]] | None:
    name = cmd.name
    if name in ("apt-get", "apt"):
        return _check(cmd, name, _APT_VALUES, ("install",), _apt_pinned)
    if name == "apk":
        return _check(cmd, name, _APK_VALUES, ("add",), _apk_pinned)
    if name == "gem":
        if cmd.has_flag("-v", "--version"):
            return None
        return _check(cmd, name, _GEM_VALUES, ("install", "i"), _gem_pinned)
    if name == "npm":
        return _check(cmd, name, _NPM_VALUES, ("install", "i", "add"), _npm_pinned)
    if _PIP.match(name) or (_PYTHON.match(name) and cmd.option("-m") == "pip"):
        if cmd.has_flag("-c", "--constraint", "--require-hashes"):
            return None
        operands = cmd.operands(_PIP_VALUES)
        if operands and not _PIP.match(name) and cmd.args[operands[0]] == "pip":
            operands = operands[1:]  # python -m pip install …
        return _packages(cmd, "pip", operands, ("install",), _pip_pinned)
    return None


def _check(
    cmd: Command,
    tool: str,
    values: frozenset[str],
    subcommands: tuple[str, ...],
    pinned: Callable[[str], bool],
) -> tuple[str, list[int]] | None:
    return _packages(cmd, tool, cmd.operands(values), subcommands, pinned)


def _packages(
    cmd: Command,
    tool: str,
    operands: list[int],
    subcommands: tuple[str, ...],
    pinned: Callable[[str], bool],
) -> tuple[str, list[int]] | None:
    if not operands or cmd.args[operands[0]] not in subcommands:
        return None
    loose = [
        i
        for i in operands[1:]
        if "$" not in cmd.args[i] and "`" not in cmd.args[i] and not pinned(cmd.args[i])
    ]
    if not loose:
        return None
    return f"{tool} {cmd.args[operands[0]]}", loose


def _is_path_or_url(word: str) -> bool:
    return "/" in word or word.startswith(".") or "://" in word


def _apt_pinned(word: str) -> bool:
    # `pkg=version`, `pkg/release`, a local `.deb`
    return "=" in word or "/" in word or word.endswith(".deb")


def _apk_pinned(word: str) -> bool:
    return any(c in word for c in "=~<>") or word.endswith(".apk") or "/" in word


def _pip_pinned(word: str) -> bool:
    if _is_path_or_url(word) or word.endswith((".whl", ".tar.gz", ".zip")):
        return True
    if "@" in word:  # `name @ url` / `name@url`: a direct reference
        return True
    return any(op in word for op in ("==", "~=", "<"))


def _gem_pinned(word: str) -> bool:
    return ":" in word or word.endswith(".gem") or "/" in word


def _npm_pinned(word: str) -> bool:
    if word.startswith(("git+", "git:", "http:", "https:", "file:")) or word.endswith(
        (".tgz", ".tar.gz")
    ):
        return True
    if word.startswith((".", "/", "~")):
        return True
    version_at = word.find("@", 1)  # `@scope/name@1.2.3`: the `@` after the name
    if version_at < 0:
        return "/" in word and not word.startswith("@")  # `user/repo` (GitHub) shorthand
    return _NPM_TAG.search(word) is None
