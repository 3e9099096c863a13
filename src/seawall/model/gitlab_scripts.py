"""What GitLab CI job scripts do, for the pipeline rules: parsed commands with their place in the
file, which variables hold secrets, which files a command writes, which images it builds or
pushes and to which registry.

Everything works on the job's script lines (``Job.script_lines``) parsed with
``seawall.parse.shell``; values are expanded symbolically with ``Job.expand``, so an unknown
variable stays ``$NAME`` and callers can tell "different" from "unknown".
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from seawall.core.span import Span
from seawall.model.gitlab import Job, ScriptLine
from seawall.model.gitlab_vars import variable_names
from seawall.model.image import DEFAULT_REGISTRY, parse_image
from seawall.parse.shell import Command, ShellScript, parse_shell
from seawall.policy.secrets import is_placeholder, name_words, secret_name

__all__ = [
    "ParsedLine",
    "built_tags",
    "files_written",
    "image_registry",
    "is_secret_variable",
    "locate_text",
    "login_registry",
    "name_ends_secret",
    "normal_path",
    "parsed_lines",
    "pushed_images",
    "secret_variables",
]

_DOCKER_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One script line and its commands (offsets into ``line.text``)."""

    line: ScriptLine
    script: ShellScript

    def span_of(self, cmd: Command) -> Span:
        """Where ``cmd`` is written in the file (the whole line when it cannot be found)."""
        start, end = cmd.span
        return locate_text(self.line, self.line.text[start:end])


def parsed_lines(job: Job, *sections: str) -> Iterator[ParsedLine]:
    """Every script line of ``job`` (``before_script``, ``script``, ``after_script`` by default,
    in the order GitLab runs them) with its parsed commands."""
    for line in job.script_lines(*sections):
        yield ParsedLine(line, parse_shell(line.text))


def locate_text(line: ScriptLine, text: str) -> Span:
    """The span of ``text`` inside the written script line, else the whole line (a folded
    scalar or quoting can make the written text differ from the command)."""
    whole = line.span
    if line.source is None or not text or "\n" in text:
        return whole
    found = line.source.text.find(text, whole.offset, whole.end_offset)
    return line.source.lines.span(found, found + len(text)) if found >= 0 else whole


# -------------------------------------------------------------------------------- secrets

# names that hold credentials though no secret word is in them (kubeconfig contents hold a
# client certificate or token)
_CREDENTIAL_PAIRS = frozenset({("kube", "config")})
_CREDENTIAL_WORDS = frozenset({"kubeconfig"})


def name_ends_secret(name: str) -> bool:
    """A secret-looking name whose last word (or last two) says secret: ``DB_PASSWORD``,
    ``AWS_SECRET_ACCESS_KEY``, but not ``SECRET_FORCED_LANGUAGE`` (a setting named after one)."""
    words = name_words(name)
    return secret_name(name) and bool(words) and secret_name("_".join(words[-2:]))


def _credential_name(name: str) -> bool:
    words = name_words(name)
    if any(w in _CREDENTIAL_WORDS for w in words):
        return True
    return any(pair in _CREDENTIAL_PAIRS for pair in pairwise(words))


def is_secret_variable(job: Job, name: str) -> bool:
    """Whether ``$name`` holds a credential in ``job``: its name says so, and the pipeline does
    not declare it with a value that is plainly not one (``KUBECONFIG: /tmp/kubeconfig`` is a
    path)."""
    if not (name_ends_secret(name) or _credential_name(name)):
        return False
    declared = job.variables.get(name)
    if declared is None:
        return True  # set in the project's CI/CD settings, as secrets are
    value = declared.value.strip()
    if "$" in value:
        return any(is_secret_variable(job, inner) for inner in variable_names(value))
    return not is_placeholder(value)


def secret_variables(job: Job, text: str) -> list[str]:
    """The secret variables ``text`` refers to, in order, without repeats."""
    out: list[str] = []
    for name in variable_names(text):
        if name not in out and is_secret_variable(job, name):
            out.append(name)
    return out


# -------------------------------------------------------------------------------- files

_PROJECT_DIR_PREFIXES = ("$CI_PROJECT_DIR/", "${CI_PROJECT_DIR}/", "./")


def normal_path(job: Job, path: str) -> str | None:
    """A path as GitLab's ``artifacts:paths`` sees it: relative to the project directory,
    variables expanded; None when it is outside the project or not fully known."""
    text = job.expand(path.strip())
    for prefix in _PROJECT_DIR_PREFIXES:
        while text.startswith(prefix):
            text = text[len(prefix) :]
    if not text or "$" in text or text.startswith(("/", "~")):
        return None
    normal = posixpath.normpath(text)
    return None if normal.startswith("..") else normal


# commands that write no file (only to stdout/stderr, or to places outside the project such as
# ~/.docker); ``sed -i``/``jq`` edit files in place, which creates nothing new
_NO_FILES = frozenset(
    {"echo", "printf", "export", "unset", "set", "true", "false", "test", "[", "[[", "sleep",
     "ls", "cat", "grep", "egrep", "fgrep", "head", "tail", "wc", "sort", "uniq", "cut", "tr",
     "base64", "envsubst", "env", "printenv", "date", "pwd", "whoami", "id", "uname", "which",
     "type", "jq", "yq", "awk", "sed", "kubectl", "chmod", "chown", "rm", "exit", "source",
     ".", "eval", "apk", "apt-get", "apt", "pip", "sha256sum", "md5sum", "df", "du", "find",
     "xargs", "read", "ps"}
)  # fmt: skip
_DOCKER_FILE_OPTIONS = ("-o", "--output", "--iidfile", "--metadata-file")
_OUTPUT_OPTIONS = ("-o", "--output")
_GO_PROFILES = (
    "-coverprofile",
    "-cpuprofile",
    "-memprofile",
    "-blockprofile",
    "-mutexprofile",
    "-trace",
    "-test.coverprofile",
)
_FILE_REDIRECTS = frozenset({">", ">>", ">|", "&>", "&>>", "1>", "1>>", "2>", "2>>"})


def _redirect_targets(cmd: Command) -> list[str]:
    return [r.target for r in cmd.redirects if r.op in _FILE_REDIRECTS and r.target != "/dev/null"]


def files_written(cmd: Command) -> list[str] | None:
    """The files (or directories) ``cmd`` creates, as written (unexpanded): redirections,
    ``tee``, ``cp``/``mv`` destinations, ``touch``, ``mkdir``, ``-o FILE`` of tools known to
    take it, ``go test -coverprofile=FILE``. None when ``cmd`` may write files seawall cannot
    name (an unknown program, ``cd``, a build tool...)."""
    written = _redirect_targets(cmd)
    own = _own_files(cmd)
    return None if own is None else written + own


def _own_files(cmd: Command) -> list[str] | None:
    name = cmd.name
    if name in _NO_FILES:
        return []
    if name == "tee":
        return [w for w in cmd.positionals]
    if name in ("touch", "mkdir"):
        return cmd.positionals
    if name in ("cp", "mv"):
        return cmd.positionals[-1:] if len(cmd.positionals) >= 2 else None
    if name == "curl":
        if cmd.has_flag("-O", "--remote-name", "--remote-name-all", "-J"):
            return None
        return _options(cmd, _OUTPUT_OPTIONS)
    if name == "wget":
        value = cmd.option("-O")
        return [value] if value else None
    if name in ("trivy", "grype"):
        return _options(cmd, ("-o", "--output", "--file"))
    if name == "docker":
        return _docker_files(cmd)
    if name == "go":
        return _go_files(cmd)
    if name == "helm":
        sub = cmd.subcommand
        return [] if sub in ("upgrade", "install", "template", "lint", "status", "list") else None
    return None


def _options(cmd: Command, names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for name in names:
        value = cmd.option(name)
        if value:
            out.append(value)
    return out


def _go_options(cmd: Command, names: tuple[str, ...]) -> list[str]:
    """Values of Go-style flags (one or two dashes, ``-name=value`` or ``-name value``)."""
    out: list[str] = []
    args = cmd.args
    for i, word in enumerate(args):
        head, eq, value = word.partition("=")
        if head.startswith("--"):
            head = head[1:]
        if head not in names:
            continue
        if eq:
            out.append(value)
        elif i + 1 < len(args):
            out.append(args[i + 1])
    return out


def _docker_files(cmd: Command) -> list[str] | None:
    sub = cmd.subcommand
    if sub in ("login", "logout", "push", "pull", "tag", "images", "ps", "inspect", "info",
               "version", "rmi", "manifest"):  # fmt: skip
        return []
    if sub in ("build", "buildx", "image"):
        return _options(cmd, _DOCKER_FILE_OPTIONS)
    return None  # docker run, cp, save... write wherever they are told


def _go_files(cmd: Command) -> list[str] | None:
    sub = cmd.subcommand
    if sub == "test":
        builds = any(
            a in ("-c", "-o", "--c", "--o") or a.startswith(("-o=", "--o=")) for a in cmd.args
        )
        return None if builds else _go_options(cmd, _GO_PROFILES)
    if sub == "tool" and cmd.has_args("tool", "cover"):
        return _go_options(cmd, ("-o",))
    if sub in ("vet", "version", "env", "mod", "list", "fmt"):
        return []
    if sub == "build":
        value = cmd.option("-o")
        return [value] if value else None
    return None


# -------------------------------------------------------------------------------- docker

_TAG_OPTIONS = ("-t", "--tag")


def login_registry(cmd: Command) -> str | None:
    """The registry of a ``docker login`` (Docker Hub when none is named); None otherwise."""
    if cmd.name != "docker" or cmd.subcommand != "login":
        return None
    values = frozenset({"-u", "--username", "-p", "--password"})
    operands = [cmd.args[i] for i in cmd.operands(values)][1:]
    return operands[0] if operands else DEFAULT_REGISTRY


def pushed_images(cmd: Command) -> list[str]:
    """Images a command pushes: ``docker push IMAGE``, ``docker image push IMAGE`` and the tags
    of ``docker buildx build --push``."""
    if cmd.name != "docker":
        return []
    positionals = cmd.positionals
    if positionals[:1] == ["push"] or positionals[:2] == ["image", "push"]:
        skip = 1 if positionals[0] == "push" else 2
        return positionals[skip : skip + 1]
    if positionals[:2] == ["buildx", "build"] and cmd.has_flag("--push"):
        return built_tags(cmd)
    return []


def built_tags(cmd: Command) -> list[str]:
    """The ``-t``/``--tag`` values of ``docker build`` (and ``buildx build``, ``image build``)."""
    if cmd.name != "docker" or not (
        cmd.has_args("build") and cmd.subcommand in ("build", "buildx", "image")
    ):
        return []
    out: list[str] = []
    args = cmd.args
    for i, word in enumerate(args):
        if word in _TAG_OPTIONS and i + 1 < len(args):
            out.append(args[i + 1])
        elif word.startswith("--tag="):
            out.append(word.removeprefix("--tag="))
        elif word.startswith("-t") and len(word) > 2 and not word.startswith("--"):
            out.append(word[2:])
    return out


_VARIABLE_HOST = re.compile(r"\$\{?\w+\}?(?::\d+)?")


def image_registry(expanded: str) -> str:
    """The registry host of an expanded image reference; a registry given by an unknown
    variable (``$CI_REGISTRY/group/app``) is that variable; Docker Hub is ``docker.io``."""
    first, sep, _ = expanded.strip().partition("/")
    if sep and _VARIABLE_HOST.fullmatch(first):
        return first.replace("{", "").replace("}", "")
    registry = parse_image(expanded).registry.lower()
    return DEFAULT_REGISTRY if registry in _DOCKER_HUB_ALIASES else registry


def repository_of(expanded: str) -> str:
    """``registry/repository`` of an expanded image reference, tag and digest removed."""
    text = expanded.strip().partition("@")[0]
    name, colon, tag = text.rpartition(":")
    return name if colon and "/" not in tag else text


# -------------------------------------------------------------------------------- artifacts


@dataclass(frozen=True, slots=True)
class ArtifactPath:
    """One path of ``artifacts:paths`` or ``artifacts:reports``; ``path`` is its place in the
    job (for findings), ``report`` the report type (None for ``paths``)."""

    text: str
    report: str | None
    path: tuple[str | int, ...]


def artifact_paths(job: Job) -> list[ArtifactPath]:
    """Every file pattern the job uploads: ``artifacts:paths`` and each report's files."""
    artifacts = job.get("artifacts")
    if not isinstance(artifacts, dict):
        return []
    out: list[ArtifactPath] = []
    paths = artifacts.get("paths")
    if isinstance(paths, list):
        out.extend(
            ArtifactPath(p, None, ("artifacts", "paths", i))
            for i, p in enumerate(paths)
            if isinstance(p, str)
        )
    reports = artifacts.get("reports")
    if isinstance(reports, dict):
        for kind, value in reports.items():
            base: tuple[str | int, ...] = ("artifacts", "reports", str(kind))
            if isinstance(value, dict):  # coverage_report: {coverage_format, path}
                value, base = value.get("path"), (*base, "path")
            if isinstance(value, str):
                out.append(ArtifactPath(value, str(kind), base))
            elif isinstance(value, list):
                out.extend(
                    ArtifactPath(v, str(kind), (*base, i))
                    for i, v in enumerate(value)
                    if isinstance(v, str)
                )
    return out


def uploads_untracked(job: Job) -> bool:
    artifacts = job.get("artifacts")
    return isinstance(artifacts, dict) and artifacts.get("untracked") is True


def is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out)


def covers(pattern: str, path: str) -> bool:
    """Whether the artifact ``pattern`` (relative, normalised, GitLab glob) uploads ``path``: the
    same file, a file under that directory, or a glob match."""
    pattern = pattern.rstrip("/")
    if pattern in (".", ""):
        return True
    if path == pattern or path.startswith(pattern + "/"):
        return True
    if is_glob(pattern):
        regex = _glob_regex(pattern)
        return bool(regex.fullmatch(path)) or any(
            regex.fullmatch(path[:i]) for i, c in enumerate(path) if c == "/"
        )
    return False


def dind_tag(expanded: str) -> str | None:
    """The tag of Docker's docker-in-docker image (``docker:27-dind``), None for other images."""
    ref = parse_image(expanded)
    if ref.registry not in _DOCKER_HUB_ALIASES or ref.repository not in (
        "docker",
        "library/docker",
    ):
        return None
    tag = (ref.tag or "").lower()
    return tag if "dind" in tag else None


def docker_image_tag(expanded: str) -> str | None:
    """The tag of Docker's own image (``docker:27.3``, ``docker:27.3-dind``), else None."""
    ref = parse_image(expanded)
    if ref.registry not in _DOCKER_HUB_ALIASES or ref.repository not in (
        "docker",
        "library/docker",
    ):
        return None
    return ref.tag


def registry_name(expanded: str) -> str:
    """A registry as ``docker login`` names it, normalised as ``image_registry`` does."""
    text = expanded.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
    text = text.split("/", 1)[0].replace("{", "").replace("}", "").lower()
    if text.startswith("$"):
        return expanded.strip().replace("{", "").replace("}", "").split("/", 1)[0]
    return DEFAULT_REGISTRY if text in _DOCKER_HUB_ALIASES else text
