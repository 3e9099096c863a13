"""The image a Dockerfile builds, as rules about the shipped image need it.

``final_image(doc)`` answers: which stage is final, what it is built on (following ``FROM
<stage>`` references down to the external image), which user it runs as, which ports it
exposes, its healthcheck, entrypoint and command, whether it has a shell at all, and which
earlier stages feed it (``FROM``, ``COPY --from``, ``RUN --mount=from=``) or are never used.

Every stage's image configuration is computed the way the builder carries it: ``ENV``, ``USER``,
``EXPOSE``, ``HEALTHCHECK``, ``ENTRYPOINT``/``CMD``, ``SHELL`` and ``WORKDIR`` pass from a stage
to the stages built ``FROM`` it; ``ARG`` does not. ``ENTRYPOINT`` clears a ``CMD`` inherited from
the base, not one set in the same stage. Values are substituted from ``ARG`` defaults and ``ENV``
where the Dockerfile gives them; what stays unknown (a build argument without a default) is
listed in ``unresolved`` instead of guessed.

What the external base image itself sets (its ``USER``, ``ENV``, ``HEALTHCHECK``) is unknown,
except for a few facts of well-known base families used by ``has_shell`` and ``runs_as_root``.
"""

from __future__ import annotations

import ntpath
import posixpath
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from seawall.core.span import Span
from seawall.model.image import ImageRef, parse_image
from seawall.parse.dockerfile import DockerfileDoc, Instruction, Stage, expand

__all__ = [
    "ExposedPort",
    "FinalImage",
    "Healthcheck",
    "ImageConfig",
    "ProcessSetting",
    "StageRef",
    "UserSetting",
    "base_has_shell",
    "final_image",
    "stage_configs",
]

_PORT = re.compile(r"(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?\Z")
_ROOT_NAMES = frozenset({"root", "0"})
_DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")


@dataclass(frozen=True, slots=True)
class UserSetting:
    """A ``USER`` instruction: ``text`` as written, ``value`` after substitution.

    ``user`` and ``group`` split ``value`` at ``:``. ``stage`` is the stage that set it (a
    stage the final one is built ``FROM`` when the final stage sets none).
    """

    instruction: Instruction
    text: str
    value: str
    user: str
    group: str | None
    unresolved: tuple[str, ...]
    stage: int

    @property
    def span(self) -> Span:
        return self.instruction.args_span

    @property
    def is_root(self) -> bool | None:
        """True for ``root``/``0``, False for another user, None when a variable is unknown."""
        if self.unresolved and not self.user:
            return None
        if self.user in _ROOT_NAMES:
            return True
        return None if self.unresolved else False


@dataclass(frozen=True, slots=True)
class ExposedPort:
    """One ``EXPOSE`` word: ``port`` (and ``end_port`` for a range), ``protocol`` lower case.

    ``port`` is None when the word is not a port number after substitution.
    """

    instruction: Instruction
    text: str
    value: str
    port: int | None
    end_port: int | None
    protocol: str
    span: Span
    unresolved: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessSetting:
    """``ENTRYPOINT``/``CMD`` (or a healthcheck's command): exec form ``argv`` or shell text."""

    instruction: Instruction
    argv: list[str] | None
    shell: str | None

    @property
    def exec_form(self) -> bool:
        return self.argv is not None


@dataclass(frozen=True, slots=True)
class Healthcheck:
    """The ``HEALTHCHECK`` in effect; ``disabled`` for ``HEALTHCHECK NONE``."""

    instruction: Instruction
    disabled: bool
    command: ProcessSetting | None
    options: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class StageRef:
    """A stage's dependency: ``kind`` is ``from``, ``copy`` (``COPY --from``) or ``mount``.

    ``stage`` is the index of the stage referred to, None when ``ref`` names an image.
    """

    kind: str
    instruction: Instruction
    ref: str
    stage: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class ImageConfig:
    """The image configuration one stage produces (inherited settings included)."""

    stage: Stage
    user: UserSetting | None
    env: dict[str, str]
    exposed_ports: list[ExposedPort]
    healthcheck: Healthcheck | None
    entrypoint: ProcessSetting | None
    cmd: ProcessSetting | None
    shell: tuple[str, ...]
    workdir: str | None
    labels: dict[str, str]
    refs: list[StageRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FinalImage:
    """The image the build produces (the last stage, or ``target``).

    ``base_chain`` runs from the final stage through the stages it is built ``FROM``, ending with
    the stage whose base is an external image (or ``scratch``): ``base_image``. ``feeding_stages``
    are the other stages it needs (sorted by index); ``unused_stages`` are built for nothing.
    """

    doc: DockerfileDoc
    stage: Stage
    config: ImageConfig
    base_chain: list[Stage]
    base_image: str
    base_unresolved: tuple[str, ...]
    has_shell: bool
    feeding_stages: list[Stage]
    unused_stages: list[Stage]
    configs: list[ImageConfig]

    @property
    def user(self) -> UserSetting | None:
        """The last ``USER`` in the final stage or the stages it is built on; None: the default."""
        return self.config.user

    @property
    def exposed_ports(self) -> list[ExposedPort]:
        return self.config.exposed_ports

    @property
    def healthcheck(self) -> Healthcheck | None:
        return self.config.healthcheck

    @property
    def entrypoint(self) -> ProcessSetting | None:
        return self.config.entrypoint

    @property
    def cmd(self) -> ProcessSetting | None:
        return self.config.cmd

    @property
    def env(self) -> dict[str, str]:
        return self.config.env

    @property
    def root_stage(self) -> Stage:
        return self.base_chain[-1]

    @property
    def base_is_scratch(self) -> bool:
        return self.root_stage.is_scratch

    @property
    def base_ref(self) -> ImageRef | None:
        """The external base image parsed, None for ``scratch`` or an unresolved reference."""
        if self.base_is_scratch or self.base_unresolved or not self.base_image:
            return None
        return parse_image(self.base_image)

    @property
    def runs_as_root(self) -> bool | None:
        """Whether the container starts as root; None when that depends on unknown values.

        Without a ``USER``, the base image's default applies: root, except for the distroless
        ``nonroot`` tags and Chainguard's ``static`` image, which run as uid 65532.
        """
        user = self.config.user
        if user is not None:
            return user.is_root
        if self.base_unresolved:
            return None
        ref = self.base_ref
        if ref is None:
            return True
        if _is_distroless(ref) and ref.tag is not None and "nonroot" in ref.tag:
            return False
        return not (ref.registry == "cgr.dev" and ref.repository == "chainguard/static")


def _is_distroless(ref: ImageRef) -> bool:
    return ref.registry == "gcr.io" and ref.repository.startswith("distroless/")


def base_has_shell(image: str) -> bool:
    """Whether an external base image ships a shell: False for ``scratch``, distroless (except
    its ``debug`` tags) and Chainguard's shell-less images; True when unknown."""
    text = image.strip()
    if not text:
        return True
    if text.lower() == "scratch":
        return False
    ref = parse_image(text)
    tag = (ref.tag or "").lower()
    if _is_distroless(ref):
        return "debug" in tag
    if ref.registry == "cgr.dev" and ref.repository.startswith("chainguard/"):
        name = ref.repository.split("/", 1)[1]
        return name in ("wolfi-base", "busybox", "bash") or "dev" in tag
    return True


# --------------------------------------------------------------------------------------------
# Stage simulation


def _process(instr: Instruction, args: str, base: int = 0) -> ProcessSetting:
    if instr.json_args is not None:
        return ProcessSetting(instr, instr.json_args, None)
    return ProcessSetting(instr, None, args[base:])


def _simulate(doc: DockerfileDoc, stage: Stage, parent: ImageConfig | None) -> ImageConfig:
    env: dict[str, str] = dict(parent.env) if parent else {}
    args: dict[str, str | None] = {}
    labels: dict[str, str] = dict(parent.labels) if parent else {}
    user = parent.user if parent else None
    exposed = list(parent.exposed_ports) if parent else []
    health = parent.healthcheck if parent else None
    entrypoint = parent.entrypoint if parent else None
    cmd = parent.cmd if parent else None
    shell = parent.shell if parent else stage.shell
    workdir = parent.workdir if parent else None
    cmd_set_here = False
    refs: list[StageRef] = []
    esc = doc.escape

    def lookup(name: str) -> str | None:
        if name in env:
            return env[name]
        return args.get(name)

    from_instr = stage.from_instruction
    refs.append(
        StageRef("from", from_instr, stage.base_resolved, stage.base_stage, stage.base_span)
    )
    for instr in stage.instructions[1:]:
        keyword = instr.keyword
        if keyword == "ARG":
            for kv in instr.key_values():
                if kv.raw_value is None:
                    args[kv.key] = doc.global_args.get(kv.key)
                else:
                    args[kv.key] = expand(kv.raw_value, lookup, escape=esc).value
        elif keyword in ("ENV", "LABEL"):
            pairs = {
                kv.key: expand(kv.raw_value, lookup, escape=esc).value
                for kv in instr.key_values()
                if kv.raw_value is not None
            }
            if keyword == "ENV":
                env.update(pairs)
            else:
                labels.update(pairs)
        elif keyword == "USER" and instr.args:
            user = _user(instr, lookup, esc, stage.index)
        elif keyword == "EXPOSE":
            exposed.extend(_ports(instr, lookup, esc))
        elif keyword == "HEALTHCHECK" and instr.args:
            health = _healthcheck(instr)
        elif keyword == "ENTRYPOINT":
            entrypoint = _process(instr, instr.args)
            if not cmd_set_here:
                cmd = None
        elif keyword == "CMD":
            cmd = _process(instr, instr.args)
            cmd_set_here = True
        elif keyword == "SHELL" and instr.json_args:
            shell = tuple(instr.json_args)
        elif keyword == "WORKDIR" and instr.args:
            workdir = _workdir(workdir, expand(instr.args, lookup, escape=esc).value)
        elif keyword == "COPY":
            flag = instr.flag("from")
            if flag is not None and flag.value:
                ref = expand(flag.value, lookup, escape=esc).value
                target = doc.resolve_stage(ref, current=stage.index)
                index = None if target is None else target.index
                refs.append(StageRef("copy", instr, ref, index, flag.value_span or flag.span))
        elif keyword == "RUN":
            for flag in instr.flag_list:
                if flag.name != "mount" or not flag.value:
                    continue
                source = _mount_from(flag.value)
                if source is None:
                    continue
                ref = expand(source, lookup, escape=esc).value
                target = doc.resolve_stage(ref, current=stage.index)
                index = None if target is None else target.index
                refs.append(StageRef("mount", instr, ref, index, flag.span))
    return ImageConfig(
        stage=stage,
        user=user,
        env=env,
        exposed_ports=exposed,
        healthcheck=health,
        entrypoint=entrypoint,
        cmd=cmd,
        shell=shell,
        workdir=workdir,
        labels=labels,
        refs=refs,
    )


_WINDOWS_ABSOLUTE = re.compile(r"[A-Za-z]:[\\/]|\\")


def _workdir(current: str | None, path: str) -> str:
    """``WORKDIR path`` after ``current``: relative paths join the previous directory."""
    if _WINDOWS_ABSOLUTE.match(path):
        return path
    if current is not None and _WINDOWS_ABSOLUTE.match(current):
        return ntpath.join(current, path)
    return posixpath.normpath(posixpath.join(current or "/", path))


def _mount_from(value: str) -> str | None:
    for item in value.split(","):
        key, eq, val = item.partition("=")
        if eq and key.strip().lower() == "from":
            return val.strip()
    return None


def _user(
    instr: Instruction, lookup: Callable[[str], str | None], esc: str, stage: int
) -> UserSetting:
    expansion = expand(instr.args, lookup, escape=esc)
    value = expansion.value.strip()
    user, colon, group = value.partition(":")
    return UserSetting(
        instruction=instr,
        text=instr.args,
        value=value,
        user=user,
        group=group if colon else None,
        unresolved=expansion.unresolved,
        stage=stage,
    )


def _ports(instr: Instruction, lookup: Callable[[str], str | None], esc: str) -> list[ExposedPort]:
    out: list[ExposedPort] = []
    for word in instr.words():
        expansion = expand(word.text, lookup, escape=esc)
        span = instr.locate(word.start, word.end)
        # one word may expand to several ports (EXPOSE $PORTS)
        for value in expansion.value.split() or [""]:
            m = _PORT.match(value)
            port = end_port = None
            protocol = "tcp"
            if m is not None:
                port = int(m.group(1))
                end_port = int(m.group(2)) if m.group(2) else None
                protocol = (m.group(3) or "tcp").lower()
            out.append(
                ExposedPort(
                    instr, word.text, value, port, end_port, protocol, span, expansion.unresolved
                )
            )
    return out


def _healthcheck(instr: Instruction) -> Healthcheck:
    words = instr.args.split(None, 1)
    kind = words[0].upper() if words else ""
    options = dict(instr.flags)
    if kind == "NONE":
        return Healthcheck(instr, True, None, options)
    command = None
    if kind == "CMD":
        offset = len(instr.args) - len(words[1]) if len(words) > 1 else len(instr.args)
        command = _process(instr, instr.args, offset)
    return Healthcheck(instr, False, command, options)


def stage_configs(doc: DockerfileDoc) -> list[ImageConfig]:
    """The image configuration of every stage, in stage order."""
    configs: list[ImageConfig] = []
    for stage in doc.stages:
        parent = configs[stage.base_stage] if stage.base_stage is not None else None
        configs.append(_simulate(doc, stage, parent))
    return configs


def final_image(doc: DockerfileDoc, *, target: str | None = None) -> FinalImage | None:
    """The image built by ``doc`` (its last stage, or the stage named ``target``).

    None when the Dockerfile has no stage (or no stage named ``target``).
    """
    if not doc.stages:
        return None
    stage = doc.stages[-1] if target is None else doc.resolve_stage(target)
    if stage is None:
        return None
    configs = stage_configs(doc)
    chain = [stage]
    while chain[-1].base_stage is not None:
        chain.append(doc.stages[chain[-1].base_stage])  # base_stage always precedes the stage
    root = chain[-1]
    seen = {stage.index}
    queue = deque([stage.index])
    while queue:
        current = queue.popleft()
        for ref in configs[current].refs:
            if ref.stage is not None and ref.stage not in seen:
                seen.add(ref.stage)
                queue.append(ref.stage)
    feeding = [s for s in doc.stages if s.index in seen and s.index != stage.index]
    unused = [s for s in doc.stages if s.index not in seen]
    base_image = root.base_resolved
    return FinalImage(
        doc=doc,
        stage=stage,
        config=configs[stage.index],
        base_chain=chain,
        base_image=base_image,
        base_unresolved=root.unresolved,
        has_shell=True if root.unresolved else base_has_shell(base_image),
        feeding_stages=feeding,
        unused_stages=unused,
        configs=configs,
    )
