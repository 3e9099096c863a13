"""Typed, read-only views over parsed documents that rules read."""

from seawall.model.located import Located
from seawall.model.podspec import ContainerView, PodSpecView, pod_spec_of
from seawall.model.resource import Resource, resources_of

__all__ = ["ContainerView", "Located", "PodSpecView", "Resource", "pod_spec_of", "resources_of"]
