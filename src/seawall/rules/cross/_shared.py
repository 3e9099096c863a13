"""What the cross-artifact rules share: the per-scan index of built images and how messages
name a container."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.engine.context import RuleContext
from seawall.model.built_images import BuiltImage, BuiltImages, build_index
from seawall.model.podspec import ContainerView, PodSpecView


def built_images(ctx: RuleContext) -> BuiltImages:
    """The scan's image → Dockerfile index, built once for every cross-artifact rule."""
    configured = ctx.settings.images
    return ctx.graph.derived(
        "built-images",
        lambda graph: build_index(graph.dockerfiles, graph.compose_projects, configured),
    )


def containers_with_images(
    pod: PodSpecView, ctx: RuleContext
) -> Iterator[tuple[ContainerView, BuiltImage]]:
    """Every container of ``pod`` whose image a Dockerfile of the scan builds, once per
    Dockerfile (a repository mapped to several Dockerfiles is checked against each)."""
    index = built_images(ctx)
    if not len(index):
        return
    for container in pod.containers:
        for built in index.for_image(container.body.get("image")):
            yield container, built


def where(container: ContainerView) -> str:
    """``container "api" of Deployment/web``, how messages name the manifest end."""
    resource = container.pod.resource
    return f"{container.label} of {resource.kind}/{resource.name}"
