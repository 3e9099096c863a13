"""Compose interpolation and .env files, case by case from the compose specification's rules."""

from __future__ import annotations

import pytest

from seawall.parse.compose_env import interpolate, parse_env_file

ENV = {"SET": "value", "EMPTY": "", "OTHER": "other"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$SET", "value"),
        ("${SET}", "value"),
        ("pre-${SET}-post", "pre-value-post"),
        ("$SET.suffix", "value.suffix"),
        ("${UNSET}", ""),
        ("$UNSET", ""),
        # :- uses the default when unset or empty, - only when unset
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${SET:-d}", "value"),
        ("${UNSET-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${SET-d}", "value"),
        # :+ gives the alternative when set and non-empty, + when set
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${UNSET:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET+alt}", ""),
        # nesting
        ("${UNSET:-${OTHER}}", "other"),
        ("${UNSET:-${ALSO_UNSET:-deep}}", "deep"),
        ("${UNSET:-$OTHER}", "other"),
        ("${UNSET:-a}${SET}", "avalue"),
        # $$ escapes, and a $ that starts no name stays
        ("$$SET", "$SET"),
        ("$${SET}", "${SET}"),
        ("cost: 5$", "cost: 5$"),
        ("$1 and $ alone", "$1 and $ alone"),
        ("no dollar", "no dollar"),
    ],
)
def test_interpolation_forms(text: str, expected: str) -> None:
    result = interpolate(text, ENV)
    assert result.value == expected
    assert not result.errors


def test_required_forms() -> None:
    assert interpolate("${SET:?msg}", ENV).value == "value"
    assert not interpolate("${EMPTY?msg}", ENV).errors  # set, though empty
    for text, name in (("${UNSET:?need it}", "UNSET"), ("${EMPTY:?need it}", "EMPTY")):
        result = interpolate(text, ENV)
        assert [e.kind for e in result.errors] == ["required"]
        assert result.errors[0].name == name
        assert "need it" in result.errors[0].message
    result = interpolate("x ${UNSET?$OTHER is missing}", ENV)
    assert result.errors[0].message.endswith("other is missing")
    assert (result.errors[0].start, result.errors[0].end) == (2, 28)


def test_unused_operand_is_not_evaluated() -> None:
    result = interpolate("${SET:-${NESTED:?never}}", ENV)
    assert result.value == "value"
    assert not result.errors


@pytest.mark.parametrize("text", ["${VAR/foo/bar}", "${SET", "${}", "${1ABC}", "${SET:x}"])
def test_invalid_expressions(text: str) -> None:
    result = interpolate(text, ENV)
    assert [e.kind for e in result.errors] == ["invalid"]


def test_substitutions_record_defaults_and_offsets() -> None:
    text = "myapp:${APP_VERSION:-latest}"
    result = interpolate(text, {})
    assert result.value == "myapp:latest"
    (sub,) = result.substitutions
    assert sub.name == "APP_VERSION" and sub.operator == ":-" and sub.used_operand
    assert text[sub.start : sub.end] == "${APP_VERSION:-latest}"
    assert text[sub.operand_start : sub.operand_end] == "latest"
    assert sub.expression == "${APP_VERSION:-latest}"
    assert interpolate("${X}", {}).unset == ("X",)
    assert interpolate("${X:-d}", {}).unset == ()


def test_nested_substitutions_are_recorded_with_depth() -> None:
    result = interpolate("${A:-${B:-b}}", {})
    assert {(s.name, s.depth) for s in result.substitutions} == {("A", 0), ("B", 1)}


def test_env_file_syntax() -> None:
    text = (
        "# a comment\n"
        "\n"
        "PLAIN=value\n"
        "export EXPORTED=yes\n"
        "SPACED = around \n"
        "INLINE=val # comment\n"
        "HASH=val#not-a-comment\n"
        "SINGLE='$PLAIN # kept'\n"
        'DOUBLE="${PLAIN} \\"q\\" # kept" # comment\n'
        'ESCAPES="a\\tb\\nc"\n'
        "RAW='a\\tb'\n"
        "INTERP=${PLAIN}-x\n"
        "DEFAULT=${NOPE:-fallback}\n"
        'MULTI="line one\n'
        'line two"\n'
        "EMPTY=\n"
        "AFTER=last\n"
    )
    env = parse_env_file(text).as_dict()
    assert env == {
        "PLAIN": "value",
        "EXPORTED": "yes",
        "SPACED": "around",
        "INLINE": "val",
        "HASH": "val#not-a-comment",
        "SINGLE": "$PLAIN # kept",
        "DOUBLE": 'value "q" # kept',
        "ESCAPES": "a\tb\nc",
        "RAW": "a\\tb",
        "INTERP": "value-x",
        "DEFAULT": "fallback",
        "MULTI": "line one\nline two",
        "EMPTY": "",
        "AFTER": "last",
    }
    lines = {e.name: e.line for e in parse_env_file(text).entries}
    assert lines["MULTI"] == 14 and lines["AFTER"] == 17


def test_env_file_problems_and_outer_environment() -> None:
    parsed = parse_env_file("GOOD=1\nnot a line\nUSE=${OUTER}\n", {"OUTER": "o"})
    assert parsed.as_dict() == {"GOOD": "1", "USE": "o"}
    assert [p.line for p in parsed.problems] == [2]
