"""Mechanical YAML edits that keep comments and layout: replace one scalar, add one entry.

Fixes are text edits against the original file, never re-serialised documents, so everything
the user wrote around the change stays as it was.
"""

from __future__ import annotations

from seawall.core.fix import Applicability, Edit, Fix
from seawall.model.located import Located
from seawall.parse.yaml import Path, YMap, node_at


def replace_value(
    view: Located,
    path: Path,
    text: str,
    description: str,
    applicability: Applicability = Applicability.UNSAFE,
) -> Fix | None:
    """Replace the scalar written at ``path`` (a path from the document root) with ``text``."""
    parent = node_at(view.root, path[:-1])
    key = path[-1] if path else None
    if not isinstance(parent, YMap) or key not in parent or isinstance(parent[key], dict | list):
        return None
    _, _, start, end = parent.entries[key]
    return Fix(description, (Edit(start, end, text),), applicability)


def insert_entries(
    view: Located,
    mapping_path: Path,
    lines: list[str],
    description: str,
    applicability: Applicability = Applicability.UNSAFE,
) -> Fix | None:
    """Add ``lines`` (``key: value`` text, nested lines indented by two spaces per level) as the
    first entries of the block mapping at ``mapping_path``. None when the mapping is written in
    flow style (``{...}``) or is empty, where no layout-preserving insertion exists."""
    mapping = node_at(view.root, mapping_path)
    if not isinstance(mapping, YMap) or not mapping:
        return None
    text = view.source.text
    if text[mapping.offsets[0] : mapping.offsets[0] + 1] == "{":
        return None
    offset = mapping.entries[next(iter(mapping))][0]
    indent = " " * (mapping.lines.position(offset)[1] - 1)
    body = "".join(f"{line}\n{indent}" for line in lines)
    return Fix(description, (Edit(offset, offset, body),), applicability)
