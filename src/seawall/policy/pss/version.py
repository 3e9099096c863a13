"""Policy versions: ``latest`` or ``v1.<minor>``.

Upstream (``api.ParseVersion``) accepts ``latest`` and ``v1.<minor>`` only; this also accepts the
bare ``1.<minor>`` that people write in configuration files. A version newer than every registered
check is evaluated as the newest one (``LATEST``), exactly as the admission controller clamps it.
"""

from __future__ import annotations

import re

Version = tuple[int, int]

# The newest MinimumVersion registered by any check (sysctls gained a revision at v1.37).
# Upstream defines "latest" as this value, not as the API server's own minor version.
LATEST: Version = (1, 37)

_VERSION = re.compile(r"^v?1\.(0|[1-9][0-9]*)$")


def parse_policy_version(text: str) -> Version:
    """``"latest"`` -> ``LATEST``; ``"v1.30"`` or ``"1.30"`` -> ``(1, 30)``.

    Versions newer than ``LATEST`` are returned as written (they evaluate as ``LATEST``).
    Raises ``ValueError`` for anything else.
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a Pod Security policy version; use latest or v1.<minor>")
    cleaned = text.strip()
    if cleaned == "latest":
        return LATEST
    match = _VERSION.match(cleaned)
    if match is None:
        raise ValueError(
            f"{text!r} is not a Pod Security policy version; use latest or v1.<minor> "
            "(e.g. v1.30), without leading zeros"
        )
    return (1, int(match.group(1)))


def effective_version(version: Version) -> Version:
    """The version whose checks apply: newer than ``LATEST`` clamps down, older than v1.0 up."""
    major, minor = version
    if major > 1 or (major == 1 and minor > LATEST[1]):
        return LATEST
    if major < 1 or minor < 0:
        return (1, 0)
    return (1, minor)
