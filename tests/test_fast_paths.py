"""Fast paths (the alias-free YAML builder, KG110's path resolution) give exactly what the slow
ways give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seawall.core.lines import LineIndex
from seawall.parse import yaml as y

_BOMB = (
    "a: &a ["
    + ", ".join(["x"] * 10)
    + "]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
        for i in range(6)
    )
)

CASES = [
    "a: 1\nb: [x, {c: d}]\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: &x [1, *x]\n",
    "&a [*a]\n",
    "- &a {b: *a}\n",
    "a: &a {x: 1}\nb: {<<: *a, y: 2}\nc: *a\n",
    "a: {<<: {x: 1}, x: 2}\n",
    "? [a]\n: 1\n",
    "{{ .Values.x }}: 1\n",
    "a: !!int x\nb: !!bool q\nc: !Ref d\n",
    "a: 1\na: 2\n",
    "x: &s text\ny: *s\n",
    "a: [1]\n---\nb: &z {c: 1}\nd: [*z, *z]\n---\ne: 2\n",
    _BOMB,
    "[" * 300 + "]" * 300,
]


def _shape(value: Any) -> Any:
    if isinstance(value, y.YMap):
        items = [(k, _shape(v), value.entries[k]) for k, v in value.items()]
        return ("map", value.offsets, value.tag, items)
    if isinstance(value, y.YList):
        return ("list", value.offsets, value.tag, [_shape(v) for v in value], value.items)
    return (type(value).__name__, value, getattr(value, "tag", None))


def _full(text: str) -> Any:
    """What ``parse_yaml`` gave before the fast path: every document through ``_Builder``."""
    loader = y._Loader(text)
    lines = LineIndex(text)
    documents: list[Any] = []
    problems: list[y.YamlProblem] = []
    try:
        while loader.check_node():
            builder = y._Builder(y.Limits(), len(documents), lines)
            try:
                documents.append(_shape(builder.build(loader.get_node(), 1)))
            except y._Abort as abort:
                documents.append(("abort", abort.problem))
                problems.extend([*builder.problems, abort.problem])
            else:
                problems.extend(builder.problems)
    finally:
        loader.dispose()
    return documents, problems


def _fast(text: str) -> Any:
    stream = y.parse_yaml(text)
    documents = [
        ("abort", d.problems[0]) if d.root is None else _shape(d.root) for d in stream.documents
    ]
    return documents, stream.problems


@pytest.mark.parametrize("text", CASES)
def test_fast_path_matches_full_builder(text: str) -> None:
    assert _fast(text) == _full(text)


def test_aliases_fall_back_to_the_bounded_builder() -> None:
    stream = y.parse_yaml(_BOMB, y.Limits(max_alias_nodes=1000))
    assert [p.kind for p in stream.problems] == ["alias-expansion"]
    assert [p.kind for p in y.parse_yaml("&a [*a]\n").problems] == ["recursive-alias"]


def test_kg110_resolves_paths_as_path_resolve_does(tmp_path: Path) -> None:
    from seawall.rules.references.KG110_duplicate_object import _resolved

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.yaml").write_text("a: 1\n")
    (real / "b.yaml").write_text("b: 1\n")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "c.yaml").symlink_to(real / "b.yaml")
    folders: dict[Path, Path] = {}
    for path in (
        real / "a.yaml",
        tmp_path / "link" / "a.yaml",
        tmp_path / "link" / "c.yaml",
        real / "c.yaml",
        real / "missing.yaml",
        real / "..",
        Path("relative.yaml"),
    ):
        assert _resolved(path, folders) == path.resolve()


def test_every_credential_shape_has_its_literal_prefilter() -> None:
    """Each shape is skipped unless a literal that any of its matches contains is present: the
    table must cover every shape, and each sample below must still be recognised."""
    from seawall.policy import secrets

    assert set(secrets._NEEDS) == {kind for kind, _ in secrets._SHAPES}
    samples = {
        "a private key (PEM)": "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n",
        "an AWS access key": "key=ASIAABCDEFGHIJKLMNOP",
        "a GitHub token": "token ghs_" + "a" * 36,
        "a Slack token": "xoxb-1234567890-abc",
        "a JSON Web Token": "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz",
        "password hashes (htpasswd)": "admin:$apr1$abc$xyz",
        "a URL with an embedded password": "postgres://app:s3cretvalue@db:5432/app",
    }
    for kind, text in samples.items():
        assert secrets.credential_kind(text) == kind, kind
