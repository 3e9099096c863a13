"""Mechanical YAML edits that keep comments and layout: replace one scalar, add one entry.

Fixes are text edits against the original file, never re-serialised documents, so everything
the user wrote around the change stays as it was.
"""

from __future__ import annotations

from seawall.core.fix import Applicability, Edit, Fix
from seawall.model.located import Located
from seawall.parse.yaml import Path, YMap, node_at


def _after_properties(text: str, start: int) -> int:
    """Skip an anchor (``&name``) and a tag (``!!map``) written before a node's content."""
    while start < len(text) and text[start] in "&!":
        while start < len(text) and text[start] not in " \t\r\n":
            start += 1
        while start < len(text) and text[start] in " \t\r\n":
            start += 1
    return start


def replace_value(
    view: Located,
    path: Path,
    text: str,
    description: str,
    applicability: Applicability = Applicability.UNSAFE,
) -> Fix | None:
    """Replace the scalar written at ``path`` (a path from the document root) with ``text``,
    keeping any anchor or tag written before it."""
    parent = node_at(view.root, path[:-1])
    key = path[-1] if path else None
    if not isinstance(parent, YMap) or key not in parent or isinstance(parent[key], dict | list):
        return None
    _, _, start, end = parent.entries[key]
    start = _after_properties(view.source.text, start)
    if start >= end:
        return None
    return Fix(description, (Edit(start, end, text),), applicability)


def insert_entries(
    view: Located,
    mapping_path: Path,
    lines: list[str],
    description: str,
    applicability: Applicability = Applicability.UNSAFE,
) -> Fix | None:
    """Add ``lines`` (``key: value`` text, nested lines indented by two spaces per level) to the
    block mapping at ``mapping_path``: after its ``name:`` when that comes first, else before its
    first entry. None when the mapping is in flow style (``{...}``), empty, or made only of merged
    keys, where no layout-preserving insertion exists."""
    mapping = node_at(view.root, mapping_path)
    if not isinstance(mapping, YMap) or not mapping:
        return None
    text = view.source.text
    start, end = mapping.offsets
    if text[_after_properties(text, start) : _after_properties(text, start) + 1] == "{":
        return None
    own = [(key, e) for key, e in mapping.entries.items() if start <= e[0] < end]
    if not own:
        return None
    first_key, first = own[0]
    offset = first[0]
    indent = " " * (mapping.lines.position(offset)[1] - 1)
    line_end = text.find("\n", first[3])
    single_line = "\n" not in text[first[0] : first[3]]
    if first_key == "name" and single_line and line_end >= 0:
        body = "".join(f"{indent}{line}\n" for line in lines)
        return Fix(description, (Edit(line_end + 1, line_end + 1, body),), applicability)
    body = "".join(f"{line}\n{indent}" for line in lines)
    return Fix(description, (Edit(offset, offset, body),), applicability)
