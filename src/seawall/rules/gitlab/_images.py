"""Job and service images not pinned by digest, for GL101 (mutable tag) and GL102 (no digest)."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.model.gitlab import ImageUse, Job
from seawall.model.gitlab_vars import per_run_reference
from seawall.model.image import ImageRef, parse_image


def images_without_digest(job: Job) -> Iterator[tuple[ImageUse, ImageRef]]:
    """Each image and service of ``job`` (variables expanded) with no digest, except references
    built per run (``$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA``), which are unique by construction."""
    for use in job.images():
        ref = parse_image(use.expanded)
        if ref.digest is None and not per_run_reference(use.expanded):
            yield use, ref
