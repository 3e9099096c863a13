"""Inline suppression comments: which lines a comment covers."""

from __future__ import annotations

from seawall.engine.suppression import parse_suppressions


def test_trailing_comment_covers_its_line() -> None:
    rules = parse_suppressions("a: 1\nb: 2  # seawall: ignore[KS101, kr1] why\n")
    assert rules.suppresses("KS101", 2)
    assert rules.suppresses("KR102", 2)  # prefixes, case-insensitive
    assert not rules.suppresses("KS101", 1)
    assert not rules.suppresses("KS102", 2)


def test_own_line_comment_covers_the_next_content_line() -> None:
    text = "a: 1\n# seawall: ignore[KS101] reviewed\n\n# another comment\nb: 2\nc: 3\n"
    rules = parse_suppressions(text)
    assert rules.suppresses("KS101", 5)
    assert not rules.suppresses("KS101", 6)
    assert not rules.suppresses("KS101", 1)


def test_ignore_file_covers_every_line() -> None:
    rules = parse_suppressions("# seawall: ignore-file[IN004]\na: 1\na: 2\n")
    assert rules.suppresses("IN004", 3)
    assert not rules.suppresses("IN003", 3)


def test_dockerfile_comment_above_an_instruction() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# seawall: ignore[DF101] build needs root\n"
        "RUN apk add --no-cache \\\n"
        "    curl\n"
        "USER root # seawall: ignore[DF102] not a comment in a Dockerfile\n"
    )
    rules = parse_suppressions(text, own_line_only=True)
    assert rules.suppresses("DF101", 3)  # the instruction's first line
    assert not rules.suppresses("DF102", 5)  # '#' after an instruction is an argument


def test_codes_are_recorded_with_their_position() -> None:
    rules = parse_suppressions("x: 1  # seawall: ignore[KS1O1]\n")
    [mention] = rules.mentions
    assert mention.code == "KS1O1"
    assert (mention.span.line, mention.span.column, mention.span.end_column) == (1, 25, 30)


def test_text_without_marker_is_skipped_quickly() -> None:
    rules = parse_suppressions("a: 1\n" * 1000)
    assert rules.by_line == {} and rules.whole_file == [] and rules.mentions == []


def test_hadolint_comments_map_through_equivalents() -> None:
    text = (
        "# hadolint global ignore=DL3006\n"
        "FROM alpine\n"
        "# hadolint ignore=DL3002, SC2086\n"
        "USER root\n"
        "USER root\n"
    )
    foreign = {"DL3002": ["DF101"], "DL3006": ["DF201"]}
    rules = parse_suppressions(text, own_line_only=True, foreign=foreign)
    assert rules.suppresses("DF101", 4)
    assert not rules.suppresses("DF101", 5)
    assert rules.suppresses("DF201", 2)  # global: the whole file
    assert rules.mentions == []  # unknown ids (SC2086) are not seawall's to report
    # without a mapping (YAML files) hadolint comments mean nothing
    assert not parse_suppressions(text, own_line_only=True).suppresses("DF101", 4)
