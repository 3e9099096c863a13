"""seawall: one guard for a whole Docker to Kubernetes platform."""

from seawall._version import __version__

__all__ = ["__version__"]
