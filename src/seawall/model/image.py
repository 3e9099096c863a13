"""Container image references: ``[registry/]repository[:tag][@digest]``."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_REGISTRY = "docker.io"


@dataclass(frozen=True, slots=True)
class ImageRef:
    text: str
    registry: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def mutable_tag(self) -> bool:
        """True when nothing pins the image: no digest and no tag, or the tag ``latest``."""
        return self.digest is None and (self.tag is None or self.tag == "latest")


def parse_image(text: str) -> ImageRef:
    rest, _, digest = text.strip().partition("@")
    first, sep, remainder = rest.partition("/")
    # a first component with a dot, a colon (port) or "localhost" names a registry
    if sep and ("." in first or ":" in first or first == "localhost"):
        registry, path = first, remainder
    else:
        registry, path = DEFAULT_REGISTRY, rest
    name, colon, tag = path.rpartition(":")
    if not colon or "/" in tag:
        name, tag = path, ""
    return ImageRef(text, registry, name, tag or None, digest or None)
