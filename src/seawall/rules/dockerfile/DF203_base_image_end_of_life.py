"""A base image, or the language runtime it ships, is past its end of life.

## What it checks
The external base image of every stage (the final image's and each build stage's) against a
reviewed table of end-of-life dates: the runtime version in the tag (`python:3.8-slim` is
Python 3.8, `golang:1.21` is Go 1.21, `node:iron` is Node.js 20) and the operating system the
image or its tag names (`alpine:3.18`, `debian:buster`, `ubuntu:20.04`, and the `alpine3.18`,
`bullseye` or `jammy` part of `golang:1.21-alpine3.18`, `node:20-bullseye-slim`,
`eclipse-temurin:17-jre-jammy`). One image can give two findings: `golang:1.21-alpine3.18` is
both Go 1.21 and Alpine 3.18, each out of support.

Families in the table: Alpine, Debian (numbers and codenames, `-slim` too), Ubuntu, Go, Node.js,
Python, Java (`openjdk`, `eclipse-temurin`, `amazoncorretto`), nginx, PostgreSQL and Redis (see
`seawall/policy/base_image_eol.py` for each date and its source). Debian counts until the end of
Debian LTS, Ubuntu until the end of standard support. A tag without a version (`latest`, `lts`,
`alpine`) is left to DF201; a short version means the newest release it covers (`postgres:9` is
9.6). Stages built `FROM` another stage, `scratch` and bases whose build arguments have no
default are skipped.

## Why it matters
Once a release is out of support nobody publishes fixes for it: every vulnerability found
afterwards stays open in the image for good, and scanners report a growing list that no rebuild
can clear. Build stages matter too: their compilers and package managers produce what ships.

## Example
```dockerfile
FROM golang:1.21-alpine3.18 AS build
RUN go build -o /out/app ./cmd/app

FROM python:3.8-slim-buster
```

## Fix
Move to a supported release of the runtime and of the operating system under it, and keep the
tag current (Renovate or Dependabot can propose the bumps):
```dockerfile
FROM golang:1.25-alpine3.22 AS build
FROM python:3.13-slim-bookworm
```

## References
- https://endoflife.date/
- https://docs.docker.com/build/building/best-practices/#from

## Options
- `today` (string, default empty): the date to judge support on, as `YYYY-MM-DD`; empty means
  the day of the scan. Set it to get the same findings on every day, for example in tests, or
  to see what goes out of support by a date ahead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from seawall.core.dates import scan_date, today_option
from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.model.image import ImageRef
from seawall.parse.dockerfile import Stage
from seawall.policy.base_image_eol import (
    FAMILIES,
    ImageCheck,
    Release,
    family_for,
    image_checks,
)

RULE = Rule(
    code="DF203",
    name="base-image-end-of-life",
    severity=Severity.MEDIUM,
    category="security",
    summary="A base image, or the language runtime it ships, is past its end of life",
    targets=("dockerfile",),
    references=("https://endoflife.date/",),
    options=(today_option(),),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    today = scan_date(str(ctx.option("today")))
    image = dockerfile.image
    shipped = {s.index for s in image.base_chain} if image is not None else set()
    for stage, ref in dockerfile.external_bases():
        image_family = family_for(ref)
        for found in image_checks(ref):
            release = found.release
            if not release.reached_eol(today):
                continue
            if not found.is_os:
                relation = "ships"
            elif image_family is release.family:
                relation = "is"
            else:
                relation = "is built on"
            role = (
                "the final image's base"
                if stage.index in shipped
                else f"the base of build stage `{stage.label}`"
            )
            yield dockerfile.finding(
                RULE,
                f"`{ref.text}`, {role}, {relation} {release.label}, which reached end of life on "
                f"{release.eol} and gets no more security fixes; "
                f"{_advice(release, today, relation == 'is built on')}",
                _tag_span(dockerfile, stage, ref, found),
            )


def _advice(release: Release, today: date, in_tag: bool) -> str:
    """What to move to: the newer release of the family supported longest (a fixed answer for a
    given table, whatever the scan date, as long as the table is current)."""
    family = release.family
    if family.key == "openjdk":
        temurin = FAMILIES["eclipse-temurin"]
        same = temurin.release(release.cycle)
        if same is not None and not same.reached_eol(today):
            target: Release | None = same
        else:
            target = temurin.recommended(release)
        if target is None or target.reached_eol(today):
            return family.note
        return f"{family.note} (for example `eclipse-temurin:{target.cycle}`)"
    target = family.recommended(release)
    if target is None or target.reached_eol(today):
        return f"move to a supported {family.product} release"
    until = (
        "with no end of support announced yet"
        if target.eol is None
        else f"supported until {target.eol}"
    )
    if in_tag:
        return f"use a tag built on {target.label}, {until}"
    return f"move to {target.label}, {until}"


def _tag_span(dockerfile: DockerfileView, stage: Stage, ref: ImageRef, found: ImageCheck) -> Span:
    """The part of the tag that names the release, when the image is written out literally;
    otherwise the whole image word (a build argument, quotes, a line continuation)."""
    span = stage.base_span
    written = stage.base
    tag = ref.tag or ""
    literal = (
        written == stage.base_resolved
        and span.line == span.end_line
        and span.end_offset - span.offset == len(written)
    )
    if not literal or not tag:
        return span
    name_and_tag = written.partition("@")[0]
    if not name_and_tag.endswith(":" + tag):
        return span
    start = span.offset + len(name_and_tag) - len(tag) + found.start
    return dockerfile.doc.span(start, start + found.end - found.start)
