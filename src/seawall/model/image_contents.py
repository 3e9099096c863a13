"""What a Dockerfile's final image is known to contain through COPY and ADD, and whether a
program can be found in it: DF604 (HEALTHCHECK/ENTRYPOINT/CMD) and GL601 (a CI job's script run
in an image built from a Dockerfile of the repository) ask the same question."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from seawall.model.dockerfile import FinalImage
from seawall.parse.dockerfile import expand

__all__ = ["ImageContents", "has_program", "image_contents"]

_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(slots=True)
class ImageContents:
    """What COPY and ADD put into the final image (the stages it is built from included)."""

    paths: list[str] = field(default_factory=list)
    unknown: bool = False  # a destination with an unknown variable, or a RUN in scratch

    def has(self, path: str) -> bool:
        return any(
            path == p or p == "/" or path.startswith(p.rstrip("/") + "/") for p in self.paths
        )


def has_program(program: str, image: FinalImage, contents: ImageContents) -> bool:
    """``program`` is (or may be) in the image through COPY/ADD."""
    if "/" in program:
        path = program
        if not program.startswith("/"):
            path = posixpath.join(image.config.workdir or "/", program)
        return contents.has(posixpath.normpath(path))
    search = image.env.get("PATH") or _DEFAULT_PATH
    return any(contents.has(posixpath.join(d, program)) for d in search.split(":") if d)


def image_contents(image: FinalImage, esc: str) -> ImageContents:
    """The paths COPY and ADD put into ``image`` and the stages it is built from (``esc``: the
    Dockerfile's escape character)."""
    contents = ImageContents()
    env: dict[str, str | None] = {}
    workdir: str | None = "/" if image.base_is_scratch else None
    for stage in reversed(image.base_chain):  # oldest first
        for instr in stage.instructions[1:]:
            keyword = instr.keyword
            if keyword in ("ENV", "ARG"):
                for kv in instr.key_values():
                    if kv.raw_value is not None:
                        env[kv.key] = expand(kv.raw_value, env, escape=esc).value
            elif keyword == "WORKDIR" and instr.args:
                value = expand(instr.args, env, escape=esc)
                if not value.complete:
                    workdir = None
                elif value.value.startswith("/"):
                    workdir = posixpath.normpath(value.value)
                elif workdir is not None:
                    workdir = posixpath.normpath(posixpath.join(workdir, value.value))
            elif keyword == "RUN" and image.base_is_scratch:
                contents.unknown = True
            elif keyword in ("COPY", "ADD"):
                words = (
                    instr.json_args
                    if instr.json_args is not None
                    else [w.text for w in instr.words()]
                )
                if len(words) < 2:
                    continue
                dest = expand(words[-1], env, escape=esc)
                path = dest.value
                if not dest.complete or not path:
                    contents.unknown = True
                elif path.startswith("/"):
                    contents.paths.append(posixpath.normpath(path))
                elif workdir is not None:
                    contents.paths.append(posixpath.normpath(posixpath.join(workdir, path)))
                else:
                    contents.unknown = True
    return contents
