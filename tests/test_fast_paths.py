"""Fast paths (the alias-free YAML builder, parsing in a forked child, KG110's path resolution)
give exactly what the slow ways give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seawall.core.lines import LineIndex
from seawall.engine import forked, parse_share
from seawall.parse import yaml as y
from seawall.parse.yaml_wire import from_wire, to_wire

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


def _whole(stream: y.YamlStream, lines: LineIndex) -> Any:
    """A stream with every span, tag and problem, and whether its containers use ``lines``."""

    def uses(value: Any) -> bool:
        if isinstance(value, y.YMap):
            return value.lines is lines and all(uses(v) for v in value.values())
        if isinstance(value, y.YList):
            return value.lines is lines and all(uses(v) for v in value)
        return True

    documents = [
        (d.index, _shape(d.root), d.span, d.problems, d.templated, uses(d.root))
        for d in stream.documents
    ]
    return documents, stream.problems


def _wire_cases() -> list[str]:
    plain = [t for t in CASES if not y.parse_yaml(t).documents or to_wire(y.parse_yaml(t))]
    tagged = "a: !Ref x\nb: [!Sub y, 2]\nc: !Thing {d: 1}\ne: !Many [1]\n"
    return [*plain, tagged, "- 1\n- 2.5\n- ~\n- yes\n", "", "a: [\n"]


@pytest.mark.parametrize("text", _wire_cases())
def test_parsed_yaml_survives_the_trip_between_processes(text: str) -> None:
    import marshal

    lines = LineIndex(text)
    wire = to_wire(y.parse_yaml(text))
    assert wire is not None
    back = from_wire(marshal.loads(marshal.dumps(wire, 4)), lines)
    assert _whole(back, lines) == _whole(y.parse_yaml(text, lines=lines), lines)


def test_what_cannot_travel_is_parsed_again() -> None:
    assert to_wire(y.parse_yaml("a: &x [1]\nb: *x\n")) is None  # shared collection
    assert to_wire(y.parse_yaml("!k a: 1\n")) is None  # a tagged key: marshal refuses it
    assert to_wire(y.parse_yaml("x: &s text\ny: *s\n")) is not None  # scalars share nothing


needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="fork is used on Linux only")


def _texts() -> list[str | None]:
    root = Path(__file__).parent
    files = sorted(root.glob("rules/**/*.yaml"))[:150]
    return [None, *[f.read_text(encoding="utf-8", errors="replace") for f in files], *CASES, None]


@needs_fork
def test_the_child_parses_its_share_as_the_parent_would(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    share = parse_share.start_parse_share(texts, y.Limits(), jobs=2)
    assert share is not None and share.child and max(share.child) < len(texts)
    assert all(texts[i] is not None for i in share.child)
    parsed_here: list[str] = []

    def counted(text: str, limits: y.Limits, lines: LineIndex | None = None) -> y.YamlStream:
        parsed_here.append(text)
        return y.parse_yaml(text, limits, lines)

    monkeypatch.setattr(parse_share, "parse_yaml", counted)  # the parent's, not the child's
    for index, text in enumerate(texts):
        if text is None:
            continue
        lines = LineIndex(text)
        got = share.parser(index)(text, y.Limits(), lines)
        assert _whole(got, lines) == _whole(y.parse_yaml(text, lines=lines), lines), index
    tail = [t for i, t in enumerate(texts) if i in share.child and t is not None]
    untransferable = [t for t in tail if to_wire(y.parse_yaml(t)) is None]
    assert untransferable and len(untransferable) < len(tail)
    assert len(parsed_here) == sum(t is not None for t in texts) - len(tail) + len(untransferable)


@needs_fork
def test_a_failing_parse_child_leaves_the_parsing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    parent = os.getpid()
    real = parse_share.to_wire

    def fails_in_child(stream: y.YamlStream) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return real(stream)

    monkeypatch.setattr(parse_share, "to_wire", fails_in_child)
    texts = _texts()
    share = parse_share.start_parse_share(texts, y.Limits(), jobs=2)
    assert share is not None
    for index in sorted(share.child)[:20]:
        text = texts[index]
        assert text is not None
        lines = LineIndex(text)
        got = share.parser(index)(text, y.Limits(), lines)
        assert _whole(got, lines) == _whole(y.parse_yaml(text, lines=lines), lines)


def test_small_or_single_process_scans_parse_here() -> None:
    texts = _texts()
    assert parse_share.start_parse_share(texts, y.Limits(), jobs=1) is None
    assert parse_share.start_parse_share(texts, y.Limits(), jobs=0) is None  # under the size
    assert parse_share.start_parse_share(["a: 1\n"], y.Limits(), jobs=2) is None


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
