"""Property tests: the YAML parser, the decoder and the whole pipeline never raise on any input.

``parse_yaml`` and ``decode`` promise to turn every bad input into a located problem; ``scan``
promises that bad content is a finding, never an exception. Hypothesis feeds them arbitrary
text and bytes, plus YAML-shaped text built from the constructs hostile files use (tags,
anchors, aliases, merge keys, flow and block nesting, template braces, odd line breaks).
``@example`` pins the inputs that have broken them before, so those run on every test run.
"""

from __future__ import annotations

import codecs
import re

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from seawall.engine.registry import Registry, load_registry  # noqa: E402
from seawall.engine.run import ScanOptions, scan  # noqa: E402
from seawall.load.read import decode  # noqa: E402
from seawall.parse.yaml import Limits, YamlStream, parse_yaml  # noqa: E402

# modest budgets keep the whole file to a few seconds; database=None: no .hypothesis/ folder
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PIPELINE = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# libyaml's line breaks (YAML 1.1): a reported line may count any of them
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_FRAGMENTS = [
    "apiVersion: v1\n", "kind: Pod\n", "kind: Deployment\n", "metadata:\n", "  name: x\n",
    "spec:\n", "  containers:\n", "  - name: c\n", "    image: nginx\n",
    "    securityContext: {privileged: true}\n", "  template: *t\n", "---\n", "...\n",
    "- ", "? ", ": ", "a", "b: ", "&a ", "&t ", "*a", "*t", "<<: ", "<<: *a\n", "[", "]",
    "{", "}", ", ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!str ", "!!binary ",
    "!!timestamp ", "!!python/object ", "!custom ", "!reference ", "%YAML 1.1\n", "%TAG ! x:\n",
    "'", '"', "|\n", ">-\n", "#", "{{ .Values.x }}", "{{- include \"t\" . }}", "\t", " ", "  ",
    "\n", "\r\n", "\r", "\u2028", "\ufeff", "\x85", "x", "1", "-1", "0x_", "1e9999", "0o7",
    "yes", "maybe", "~", "null", "9" * 40, "é", "\x00", "\x07",
]  # fmt: skip

yaml_like = st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)
tag_and_value = st.builds(
    lambda tag, value: f"a: {tag} {value}\n",
    st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!str", "!!binary", "!!timestamp"]),
    st.text(alphabet="0123456789abcdefxo_+-.:eE ", max_size=12),
)


def _check_stream(text: str, stream: YamlStream) -> None:
    lines = len(_BREAKS.split(text))
    for problem in stream.problems:
        assert problem.kind
        assert problem.message
        assert 1 <= problem.span.line <= lines + 1, (problem, lines)
        assert problem.span.column >= 1, problem
    for document in stream.documents:
        assert document.root is None or isinstance(document.root, dict | list | str | int | float)


# ---------------------------------------------------------------------------------------------
# parse_yaml
# ---------------------------------------------------------------------------------------------


@FUZZ
@given(st.text())
def test_parse_yaml_never_raises_on_any_text(text: str) -> None:
    _check_stream(text, parse_yaml(text))


@FUZZ
@given(yaml_like)
@example("&a [*a]")
@example("a: &a\n  b: *a\n")
@example("<<: [1, 2]\n")
@example("[" * 1200 + "]" * 1200)
@example("- " * 1200 + "x")
def test_parse_yaml_never_raises_on_yaml_like_text(text: str) -> None:
    _check_stream(text, parse_yaml(text))


@FUZZ
@given(yaml_like)
def test_parse_yaml_never_raises_with_tight_limits(text: str) -> None:
    stream = parse_yaml(text, Limits(max_depth=2, max_alias_nodes=3))
    _check_stream(text, stream)


@FUZZ
@given(tag_and_value)
@example("a: !!int many\n")
@example("a: !!int 0x_\n")
@example("a: !!float x\n")
@example("a: !!bool maybe\n")
@example("a: " + "9" * 5000 + "\n")
def test_parse_yaml_never_raises_on_explicit_tags(text: str) -> None:
    """An explicit tag on a value it cannot hold is bad input: a problem, not an exception."""
    _check_stream(text, parse_yaml(text))


@FUZZ
@given(st.one_of(yaml_like, tag_and_value))
@example("a: !x {b: !y [1, !z c]}\n")
def test_parsed_yaml_crosses_processes_unchanged(text: str) -> None:
    """What a parse child sends (``parse.yaml_wire`` through marshal) rebuilds the same stream."""
    import marshal

    from seawall.core.lines import LineIndex
    from seawall.parse.yaml_wire import from_wire, to_wire
    from tests.test_fast_paths import _whole

    lines = LineIndex(text)
    wire = to_wire(parse_yaml(text))
    if wire is not None:
        back = from_wire(marshal.loads(marshal.dumps(wire, 4)), lines)
        assert _whole(back, lines) == _whole(parse_yaml(text, lines=lines), lines)


# ---------------------------------------------------------------------------------------------
# decode
# ---------------------------------------------------------------------------------------------


def _check_decoded(data: bytes) -> None:
    result = decode(data)
    assert (result.text is None) != (result.problem is None)
    if result.problem is not None:
        span = result.problem.span
        assert result.problem.kind in {"binary", "invalid-encoding"}
        assert 1 <= span.line <= data.count(b"\n") + 1
        assert span.column >= 1


@FUZZ
@given(st.binary(max_size=512))
@example(b"\xff")
@example(b"a\nb\n\xc3")
@example(codecs.BOM_UTF16_LE + b"\x00")
@example(codecs.BOM_UTF32_BE + b"\x00\x00\xd8\x00")
def test_decode_never_raises(data: bytes) -> None:
    _check_decoded(data)


@FUZZ
@given(st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b""]),
       st.binary(max_size=64))  # fmt: skip
def test_decode_never_raises_after_a_byte_order_mark(bom: bytes, data: bytes) -> None:
    _check_decoded(bom + data)


@FUZZ
@given(st.text().filter(lambda t: "\x00" not in t and not t.startswith("\ufeff")))
def test_decode_round_trips_utf8(text: str) -> None:
    assert decode(text.encode("utf-8")).text == text


@FUZZ
@given(st.text(max_size=200).filter(lambda t: "\x00" not in t))
def test_decode_reads_utf16_with_a_byte_order_mark(text: str) -> None:
    assert decode(text.encode("utf-16")).text == text


# ---------------------------------------------------------------------------------------------
# the whole pipeline on standard input
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _scan_bytes(data: bytes, registry: Registry) -> None:
    options = ScanOptions(stdin_name="fuzz.yaml")
    result = scan(["-"], options, stdin=data, registry=registry)
    internal = [f for f in result.findings if f.rule.code.startswith("SW")]
    assert not internal, [f.message for f in internal]
    for finding in result.findings:
        assert finding.span.line >= 1 and finding.span.column >= 1


@PIPELINE
@given(data=yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(data=b"apiVersion: v1\nkind: Pod\nspec:\n  containers: 5\n")
@example(data=b"apiVersion: v1\nkind: Pod\nspec:\n  containers: [null, 1, [x]]\n")
@example(data=b"apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: [1]\n")
@example(data=b"apiVersion: v1\nkind: Pod\nmetadata: 3\nspec: {containers: [{name: [a]}]}\n")
def test_scan_never_raises_on_manifest_like_input(data: bytes, registry: Registry) -> None:
    _scan_bytes(data, registry)


@PIPELINE
@given(data=st.binary(max_size=256))
def test_scan_never_raises_on_any_bytes(data: bytes, registry: Registry) -> None:
    _scan_bytes(data, registry)
