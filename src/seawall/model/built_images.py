"""Which image each Dockerfile of the scan set builds, so workloads can be checked against it.

A workload's container ``image`` is matched to the Dockerfiles that build that image, from, in
order of trust:

1. configuration: ``images: {registry.example.com/team/app: docker/Dockerfile.app}`` (a path, or
   a list of paths, relative to the configuration file);
2. compose services with both ``build`` and ``image``: the service's Dockerfile (and its build
   ``target``) builds the service's ``image``;
3. convention, only when unambiguous: the last segment of the image repository names exactly one
   Dockerfile, through its directory (``web/Dockerfile``) or its own name (``Dockerfile.web``,
   ``web.Dockerfile``).

Configuration and compose match the whole repository (registry host included, ``docker.io`` and
its ``library/`` prefix implied as Docker does); convention matches the last segment only, and
only Dockerfiles that neither of the first two already placed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from seawall.model.compose import ComposeProject
from seawall.model.dockerfile import FinalImage, final_image
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.image import DEFAULT_REGISTRY, parse_image

__all__ = ["BuiltImage", "BuiltImages", "build_index", "repository_key"]

_DOCKERFILE_BASES = ("dockerfile", "containerfile")


@dataclass(frozen=True, slots=True)
class BuiltImage:
    """One Dockerfile building an image: its view, the image it produces (the build ``target``
    stage for a compose service that names one) and how the match was made (for messages)."""

    dockerfile: DockerfileView
    image: FinalImage
    matched_by: str

    @property
    def display(self) -> str:
        return self.dockerfile.source.display

    def at(self, line: int) -> str:
        """``file:line`` of an instruction of this Dockerfile, for messages."""
        return f"{self.display}:{line}"


class BuiltImages:
    """Per-scan index: container image reference → the Dockerfiles in the scan that build it."""

    def __init__(
        self,
        by_repository: Mapping[str, Sequence[BuiltImage]],
        by_name: Mapping[str, Sequence[BuiltImage]],
    ) -> None:
        self._by_repository = by_repository
        self._by_name = by_name

    def for_image(self, reference: object) -> tuple[BuiltImage, ...]:
        """The Dockerfiles building ``reference`` (a container's ``image`` value); empty when
        none is known or the convention is ambiguous."""
        if not isinstance(reference, str) or not reference.strip():
            return ()
        key = repository_key(reference)
        if key is None:
            return ()
        explicit = self._by_repository.get(key)
        if explicit:
            return tuple(explicit)
        candidates = self._by_name.get(key.rsplit("/", 1)[-1], ())
        return tuple(candidates) if len(candidates) == 1 else ()

    def __len__(self) -> int:
        return len(self._by_repository) + len(self._by_name)


def repository_key(reference: str) -> str | None:
    """``registry/repository`` of an image reference, with Docker Hub's defaults made explicit
    (``nginx`` and ``docker.io/library/nginx`` are one key); None for a reference that is not
    a literal name (a template or variable left in it)."""
    text = reference.strip()
    if not text or any(c in text for c in "${} \t"):
        return None
    ref = parse_image(text)
    registry = ref.registry.lower()
    repository = ref.repository
    if registry in ("index.docker.io", "registry-1.docker.io"):
        registry = DEFAULT_REGISTRY
    if registry == DEFAULT_REGISTRY and repository.startswith("library/"):
        repository = repository.removeprefix("library/")
    if not repository:
        return None
    return f"{registry}/{repository}"


def convention_names(view: DockerfileView) -> set[str]:
    """The image names a Dockerfile's path suggests: its directory for a plain ``Dockerfile``,
    ``<name>`` for ``Dockerfile.<name>`` and ``<name>.Dockerfile``, and its directory's name
    for any other Dockerfile too (``web/Dockerfile.prod`` builds ``web``)."""
    path = view.source.path
    names = {path.parent.name} if path.parent.name else set()
    lower = path.name.lower()
    for base in _DOCKERFILE_BASES:
        if lower.startswith(base + "."):
            names.add(path.name[len(base) + 1 :])
        elif lower.endswith("." + base):
            names.add(path.name[: -len(base) - 1])
    return {n for n in names if n}


def build_index(
    dockerfiles: Iterable[DockerfileView],
    compose_projects: Iterable[ComposeProject],
    configured: Mapping[str, Sequence[Path]],
) -> BuiltImages:
    """Match every Dockerfile of the scan to the image it builds (see the module docstring)."""
    views = [v for v in dockerfiles if v.source.display != "-" and v.image is not None]
    by_path = {_real(v.source.path): v for v in views}
    by_repository: dict[str, list[BuiltImage]] = defaultdict(list)
    placed: set[int] = set()

    def add(key: str | None, view: DockerfileView, image: FinalImage | None, how: str) -> None:
        if key is None or image is None:
            return
        if any(b.dockerfile is view and b.image.stage is image.stage for b in by_repository[key]):
            return
        by_repository[key].append(BuiltImage(view, image, how))
        placed.add(id(view))

    for repository, paths in configured.items():
        for path in paths:
            view = by_path.get(_real(path))
            if view is not None:
                add(repository_key(repository), view, view.image, "configuration `images`")
    for project in compose_projects:
        for service in project.services:
            build = service.build
            image = service.image
            if build is None or build.view is None or image is None:
                continue
            view = build.view
            built = final_image(view.doc, target=build.target) if build.target else view.image
            how = f"compose service {service.name} ({service.source.display})"
            add(repository_key(image), view, built, how)
    by_name: dict[str, list[BuiltImage]] = defaultdict(list)
    for view in views:
        if id(view) in placed or view.image is None:
            continue
        for name in convention_names(view):
            by_name[name].append(BuiltImage(view, view.image, "its file name"))
    return BuiltImages(dict(by_repository), dict(by_name))


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
