"""What Dockerfile rules read: the parsed file, its final image, and one way to report."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from seawall.core.finding import Finding
from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.model.dockerfile import FinalImage, final_image
from seawall.model.image import ImageRef, parse_image
from seawall.parse.dockerfile import DockerfileDoc, Instruction, Stage
from seawall.parse.shell import Command


class DockerfileView:
    """One Dockerfile. ``image`` is the final stage's image model (None without any FROM)."""

    def __init__(
        self, source: SourceFile, doc: DockerfileDoc, dockerignore: str | None = None
    ) -> None:
        self.source = source
        self.doc = doc
        # the loader looks beside the Dockerfile (rules do no I/O): `.dockerignore` or the
        # Dockerfile-specific `<name>.dockerignore`; None when neither exists
        self.dockerignore = dockerignore

    @cached_property
    def image(self) -> FinalImage | None:
        return final_image(self.doc)

    def instructions(self, *keywords: str) -> list[Instruction]:
        """Instructions with these keywords (all when none given), ONBUILD-wrapped ones excluded."""
        wanted = {k.upper() for k in keywords}
        return [i for i in self.doc.instructions if not wanted or i.keyword in wanted]

    def run_commands(self) -> Iterator[tuple[Instruction, Command]]:
        """Every command of every ``RUN`` whose script could be parsed, with its instruction
        (``instruction.locate(*command.span)`` is the command's place in the file)."""
        for instruction in self.instructions("RUN"):
            script = instruction.script()
            if script is not None:
                for command in script.commands:
                    yield instruction, command

    def external_bases(self) -> Iterator[tuple[Stage, ImageRef]]:
        """Stages built on an external image whose name is fully known (not ``scratch``, not
        another stage, not a build argument without a default), with the parsed reference."""
        for stage in self.doc.stages:
            if stage.base_stage is not None or stage.is_scratch or stage.unresolved:
                continue
            if stage.base_resolved:
                yield stage, parse_image(stage.base_resolved)

    def finding(self, rule: Rule, message: str, span: Span, *, fix: Fix | None = None) -> Finding:
        return Finding(rule, rule.severity, message, self.source.display, span, fix=fix)

    def __repr__(self) -> str:
        return f"<DockerfileView {self.source.display}>"
