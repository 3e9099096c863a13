"""End-of-life dates of base images and the language runtimes they ship, and tag matching.

A reviewed, offline table: seawall never looks dates up on the network. Each family lists its
release cycles with the date their free security support ends, and a comment naming the source.
``None`` means that no end date had been announced when the table was reviewed (the cycle is
supported). Dates given only as a month by the source (``2025-10``) are taken as the month's last
day. A date counts from that day on: on its EOL date a release is reported.

What "end of life" means per family (chosen so that the image you pull still gets fixes until the
date, without a paid subscription):

* Debian: the end of Debian LTS (the ``debian`` image keeps receiving LTS security updates).
* Ubuntu: the end of standard support (Expanded Security Maintenance needs Ubuntu Pro).
* Alpine, Go, Node.js, Python, nginx, PostgreSQL, Redis: the project's own end of support.
* Docker Engine (the ``docker`` image and dind services of CI jobs, GL302): the end of the
  release branch's maintenance.
* Java: per distribution. ``openjdk`` images came from Oracle's OpenJDK builds, which end when the
  next feature release ships; the image itself is deprecated and received no GA updates for
  Java 8 and 11 after July 2022. ``eclipse-temurin`` and ``amazoncorretto`` follow their vendors'
  published support ends.

``image_checks(ref)`` reads an image reference's tag and returns every release it pins: the
runtime version (``python:3.12-slim`` → Python 3.12) and the operating system named in the tag
(``golang:1.21-alpine3.18`` → Go 1.21 and Alpine 3.18; ``node:20-bookworm-slim`` → Debian 12).
Tags that do not pin a version (``latest``, ``lts``, ``stable``, ``alpine``) give nothing. A
version shorter than the release cycle (``postgres:9``, ``redis:6``) means the newest cycle it
covers, as those tags do on Docker Hub.

Review this table when it is more than a few months old: new cycles and announced dates change.
Reviewed: 2026-11 (sources: the endoflife.date data files and the projects' pages cited below).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from seawall.model.image import DEFAULT_REGISTRY, ImageRef

__all__ = [
    "FAMILIES",
    "Family",
    "ImageCheck",
    "Release",
    "family_for",
    "image_checks",
    "parse_day",
]


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, or ``YYYY-MM`` meaning the last day of that month."""
    parts = text.split("-")
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class Release:
    """One release cycle of a family: ``cycle`` as Docker tags write it (``3.12``, ``20``)."""

    family: Family = field(repr=False)
    cycle: str
    eol: date | None

    @property
    def label(self) -> str:
        """``Python 3.12``, ``Debian 12 (bookworm)``."""
        codename = self.family.codename_of(self.cycle)
        suffix = f" ({codename})" if codename else ""
        return f"{self.family.product} {self.cycle}{suffix}"

    @property
    def key(self) -> tuple[int, ...]:
        return _numbers(self.cycle)

    def reached_eol(self, today: date) -> bool:
        """True from the EOL date on; False while supported or when no end is announced."""
        return self.eol is not None and today >= self.eol


@dataclass(frozen=True, slots=True, eq=False)
class Family:
    """A product whose images are versioned by tag.

    ``repositories`` are Docker Hub names (``python``; official images, also reachable as
    ``library/python`` or through a mirror path ending in ``library/python``; a name with a
    namespace, such as ``nginxinc/nginx-unprivileged``, must match exactly). ``aliases`` map tag
    words to cycles (Debian and Ubuntu codenames, Node.js LTS names). ``is_os`` marks the
    operating-system families, whose versions also appear inside other images' tags.
    """

    key: str
    product: str
    repositories: tuple[str, ...]
    dates: dict[str, str | None]
    source: str
    aliases: dict[str, str] = field(default_factory=dict)
    is_os: bool = False
    note: str = ""
    releases: tuple[Release, ...] = field(init=False, repr=False)
    """All cycles, oldest first."""

    def __post_init__(self) -> None:
        out = [Release(self, c, None if d is None else parse_day(d)) for c, d in self.dates.items()]
        object.__setattr__(self, "releases", tuple(sorted(out, key=lambda r: r.key)))

    def codename_of(self, cycle: str) -> str | None:
        for alias, target in self.aliases.items():
            if target == cycle:
                return alias
        return None

    def release(self, cycle: str) -> Release | None:
        """The release with exactly this cycle."""
        for rel in self.releases:
            if rel.cycle == cycle:
                return rel
        return None

    def resolve(self, version: str) -> Release | None:
        """The cycle a version or tag word names: ``3.12.4`` → 3.12, ``6`` → the newest 6.x,
        ``bookworm`` → 12; None when the table has no such cycle."""
        word = version.lower()
        if word in self.aliases:
            return self.release(self.aliases[word])
        numbers = _version_numbers(word)
        if numbers is None:
            return None
        exact = [r for r in self.releases if numbers[: len(r.key)] == r.key]
        if exact:
            return max(exact, key=lambda r: len(r.key))
        covered = [r for r in self.releases if r.key[: len(numbers)] == numbers]
        return max(covered, key=lambda r: r.key) if covered else None

    def recommended(self, release: Release) -> Release | None:
        """The newer release supported longest (no announced end counts as longest): what to
        move to. It depends on the table only, not on the scan date."""
        newer = [r for r in self.releases if r.key > release.key]
        return max(newer, key=lambda r: (r.eol or date.max, r.key)) if newer else None

    def successor(self, release: Release, today: date) -> Release | None:
        """The oldest newer cycle still supported on ``today`` (the smallest safe upgrade)."""
        for rel in self.releases:
            if rel.key > release.key and not rel.reached_eol(today):
                return rel
        return None


_NUMBERS = re.compile(r"\d+")
# 3.12.4, 1.21rc2, 3.13.0b1, 8u392 (Java update), 17.0.9_9 (Temurin build)
_VERSION = re.compile(r"(\d+(?:\.\d+)*)(?:(?:rc|beta|alpha|a|b)\d*|u\d+|_\d+)?\Z")


@cache  # release keys are compared tens of thousands of times per scan
def _numbers(cycle: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _NUMBERS.findall(cycle))


def _version_numbers(word: str) -> tuple[int, ...] | None:
    match = _VERSION.match(word)
    if match is None:
        return None
    return tuple(int(n) for n in match.group(1).split("."))


# --------------------------------------------------------------------------------------------
# The table

ALPINE = Family(
    key="alpine",
    product="Alpine Linux",
    repositories=("alpine",),
    is_os=True,
    # endoflife.date products/alpine-linux.md, from https://alpinelinux.org/releases/
    source="https://alpinelinux.org/releases/",
    dates={
        "3.0": "2016-05-01",
        "3.1": "2016-11-01",
        "3.2": "2017-05-01",
        "3.3": "2017-11-01",
        "3.4": "2018-05-01",
        "3.5": "2018-11-01",
        "3.6": "2019-05-01",
        "3.7": "2019-11-01",
        "3.8": "2020-05-01",
        "3.9": "2020-11-01",
        "3.10": "2021-05-01",
        "3.11": "2021-11-01",
        "3.12": "2022-05-01",
        "3.13": "2022-11-01",
        "3.14": "2023-05-01",
        "3.15": "2023-11-01",
        "3.16": "2024-05-23",
        "3.17": "2024-11-22",
        "3.18": "2025-05-09",
        "3.19": "2025-11-01",
        "3.20": "2026-04-01",
        "3.21": "2026-11-01",
        "3.22": "2027-05-01",
        "3.23": "2027-11-01",
    },
)

DEBIAN = Family(
    key="debian",
    product="Debian",
    repositories=("debian",),
    is_os=True,
    # End of Debian LTS ("eoes" in endoflife.date products/debian.md, from
    # https://wiki.debian.org/LTS); trixie's LTS end "June 2030" per the Debian LTS schedule.
    source="https://wiki.debian.org/LTS",
    aliases={
        "squeeze": "6",
        "wheezy": "7",
        "jessie": "8",
        "stretch": "9",
        "buster": "10",
        "bullseye": "11",
        "bookworm": "12",
        "trixie": "13",
    },
    dates={
        "6": "2016-02-29",
        "7": "2018-05-31",
        "8": "2020-06-30",
        "9": "2022-07-01",
        "10": "2024-06-30",
        "11": "2026-08-31",
        "12": "2028-06-10",
        "13": "2030-06",
    },
)

UBUNTU = Family(
    key="ubuntu",
    product="Ubuntu",
    repositories=("ubuntu",),
    is_os=True,
    # End of standard support ("eol" in endoflife.date products/ubuntu.md, from
    # https://wiki.ubuntu.com/Releases); ESM afterwards needs an Ubuntu Pro subscription.
    source="https://ubuntu.com/about/release-cycle",
    aliases={
        "trusty": "14.04",
        "xenial": "16.04",
        "bionic": "18.04",
        "cosmic": "18.10",
        "disco": "19.04",
        "eoan": "19.10",
        "focal": "20.04",
        "groovy": "20.10",
        "hirsute": "21.04",
        "impish": "21.10",
        "jammy": "22.04",
        "kinetic": "22.10",
        "lunar": "23.04",
        "mantic": "23.10",
        "noble": "24.04",
        "oracular": "24.10",
        "plucky": "25.04",
        "questing": "25.10",
        "resolute": "26.04",
    },
    dates={
        "14.04": "2019-04-02",
        "16.04": "2021-04-02",
        "18.04": "2023-05-31",
        "18.10": "2019-07-18",
        "19.04": "2020-01-23",
        "19.10": "2020-07-06",
        "20.04": "2025-05-31",
        "20.10": "2021-07-22",
        "21.04": "2022-01-20",
        "21.10": "2022-07-14",
        "22.04": "2027-04-01",
        "22.10": "2023-07-20",
        "23.04": "2024-01-20",
        "23.10": "2024-07-12",
        "24.04": "2029-05-31",
        "24.10": "2025-07-10",
        "25.04": "2026-01-17",
        "25.10": "2026-07-01",
        "26.04": "2031-04-30",
    },
)

GOLANG = Family(
    key="golang",
    product="Go",
    repositories=("golang",),
    # A release is supported until the release two versions later (https://go.dev/doc/devel/
    # release#policy); dates from endoflife.date products/go.md; Go 1.27 was tagged 2026-08-19
    # (github.com/golang/go tag go1.27.0), ending Go 1.25. Go 1.26 ends with Go 1.28 (no date).
    source="https://go.dev/doc/devel/release#policy",
    dates={
        "1.10": "2019-02-25",
        "1.11": "2019-09-03",
        "1.12": "2020-02-25",
        "1.13": "2020-08-11",
        "1.14": "2021-02-16",
        "1.15": "2021-08-16",
        "1.16": "2022-03-15",
        "1.17": "2022-08-02",
        "1.18": "2023-02-01",
        "1.19": "2023-09-06",
        "1.20": "2024-02-06",
        "1.21": "2024-08-13",
        "1.22": "2025-02-11",
        "1.23": "2025-08-12",
        "1.24": "2026-02-11",
        "1.25": "2026-08-19",
        "1.26": None,
    },
)

NODE = Family(
    key="node",
    product="Node.js",
    repositories=("node",),
    # https://github.com/nodejs/Release (schedule.json and its README table); endoflife.date
    # products/nodejs.md; Node.js 25 ends 2026-06-01 (nodejs/docker-node#2522).
    source="https://github.com/nodejs/Release#release-schedule",
    aliases={
        "argon": "4",
        "boron": "6",
        "carbon": "8",
        "dubnium": "10",
        "erbium": "12",
        "fermium": "14",
        "gallium": "16",
        "hydrogen": "18",
        "iron": "20",
        "jod": "22",
        "krypton": "24",
    },
    dates={
        "4": "2018-04-30",
        "5": "2016-06-30",
        "6": "2019-04-30",
        "7": "2017-06-30",
        "8": "2019-12-31",
        "9": "2018-06-30",
        "10": "2021-04-30",
        "11": "2019-06-01",
        "12": "2022-04-30",
        "13": "2020-06-01",
        "14": "2023-04-30",
        "15": "2021-06-01",
        "16": "2023-09-11",
        "17": "2022-06-01",
        "18": "2025-04-30",
        "19": "2023-06-01",
        "20": "2026-04-30",
        "21": "2024-06-01",
        "22": "2027-04-30",
        "23": "2025-06-01",
        "24": "2028-04-30",
        "25": "2026-06-01",
    },
)

PYTHON = Family(
    key="python",
    product="Python",
    repositories=("python",),
    # https://devguide.python.org/versions/ (include/release-cycle.json of python/devguide);
    # 3.9 and later are scheduled by month only.
    source="https://devguide.python.org/versions/",
    dates={
        "2.6": "2013-10-29",
        "2.7": "2020-01-01",
        "3.0": "2009-06-27",
        "3.1": "2012-04-09",
        "3.2": "2016-02-20",
        "3.3": "2017-09-29",
        "3.4": "2019-03-18",
        "3.5": "2020-09-30",
        "3.6": "2021-12-23",
        "3.7": "2023-06-27",
        "3.8": "2024-10-07",
        "3.9": "2025-10",
        "3.10": "2026-10",
        "3.11": "2027-10",
        "3.12": "2028-10",
        "3.13": "2029-10",
        "3.14": "2030-10",
    },
)

OPENJDK = Family(
    key="openjdk",
    product="OpenJDK",
    repositories=("openjdk",),
    # The openjdk image is deprecated (https://hub.docker.com/_/openjdk, docker-library/openjdk
    # #505): after July 2022 only early-access builds are updated, so 8 and 11 ended then. Its
    # other tags came from Oracle's OpenJDK builds (https://jdk.java.net/), which end when the
    # next feature release ships (endoflife.date products/openjdk-builds-from-oracle.md); JDK 24
    # ended with JDK 25 (2025-09-16), JDK 25 with JDK 26 (2026-03-17, JSR 401).
    source="https://hub.docker.com/_/openjdk",
    note="the openjdk image is deprecated: use eclipse-temurin or amazoncorretto",
    dates={
        "8": "2022-07",
        "9": "2018-03-20",
        "10": "2018-09-25",
        "11": "2022-07",
        "12": "2019-09-17",
        "13": "2020-03-17",
        "14": "2020-09-16",
        "15": "2021-03-16",
        "16": "2021-09-14",
        "17": "2022-03-22",
        "18": "2022-09-20",
        "19": "2023-03-21",
        "20": "2023-09-19",
        "21": "2024-03-19",
        "22": "2024-09-17",
        "23": "2025-03-18",
        "24": "2025-09-16",
        "25": "2026-03-17",
    },
)

TEMURIN = Family(
    key="eclipse-temurin",
    product="Eclipse Temurin",
    repositories=("eclipse-temurin",),
    # https://adoptium.net/support/ ("End of Availability: at least ..." for LTS releases:
    # 8 Dec 2030, 11 and 17 Oct 2027, 21 Dec 2029, 25 Sep 2031); feature releases end with the
    # next one (endoflife.date products/eclipse-temurin.md).
    source="https://adoptium.net/support/",
    dates={
        "8": "2030-12",
        "11": "2027-10",
        "16": "2021-09-30",
        "17": "2027-10",
        "18": "2022-09-30",
        "19": "2023-03-31",
        "20": "2023-09-19",
        "21": "2029-12",
        "22": "2024-09-17",
        "23": "2025-03-18",
        "24": "2025-09-16",
        "25": "2031-09",
    },
)

CORRETTO = Family(
    key="amazoncorretto",
    product="Amazon Corretto",
    repositories=("amazoncorretto",),
    # https://aws.amazon.com/corretto/faqs/ support calendar (endoflife.date
    # products/amazon-corretto.md; 8 and 11 extended in October 2024).
    source="https://aws.amazon.com/corretto/faqs/",
    dates={
        "8": "2030-12-31",
        "11": "2032-01-31",
        "15": "2021-04-20",
        "16": "2021-10-19",
        "17": "2029-10-31",
        "18": "2022-10-18",
        "19": "2023-04-19",
        "20": "2023-10-17",
        "21": "2030-10-31",
        "22": "2024-10-15",
        "23": "2025-04-30",
    },
)

NGINX = Family(
    key="nginx",
    product="nginx",
    repositories=("nginx", "nginxinc/nginx-unprivileged"),
    # Only the current stable and mainline branches get fixes: a branch ends when the next one
    # of its kind is released (endoflife.date api/nginx.json, from nginx.org/en/CHANGES).
    source="https://nginx.org/en/download.html",
    dates={
        "1.16": "2020-04-20",
        "1.17": "2020-05-26",
        "1.18": "2021-04-20",
        "1.19": "2021-05-25",
        "1.20": "2022-05-24",
        "1.21": "2022-06-21",
        "1.22": "2023-04-11",
        "1.23": "2023-05-23",
        "1.24": "2024-04-23",
        "1.25": "2024-05-29",
        "1.26": "2025-04-23",
        "1.27": "2025-06-24",
        "1.28": "2026-04-14",
        "1.29": "2026-05-13",
        "1.30": None,
        "1.31": None,
    },
)

POSTGRES = Family(
    key="postgres",
    product="PostgreSQL",
    repositories=("postgres",),
    # Five years from first release, ending with a last minor release
    # (https://www.postgresql.org/support/versioning/; endoflife.date products/postgresql.md).
    source="https://www.postgresql.org/support/versioning/",
    dates={
        "9.3": "2018-11-08",
        "9.4": "2020-02-13",
        "9.5": "2021-02-11",
        "9.6": "2021-11-11",
        "10": "2022-11-10",
        "11": "2023-11-09",
        "12": "2024-11-21",
        "13": "2025-11-13",
        "14": "2026-11-12",
        "15": "2027-11-11",
        "16": "2028-11-09",
        "17": "2029-11-08",
        "18": None,
    },
)

REDIS = Family(
    key="redis",
    product="Redis",
    repositories=("redis",),
    # endoflife.date products/redis.md (from redis.io's lifecycle table); 7.4 and 8.x had no
    # announced end when reviewed.
    source="https://redis.io/docs/latest/operate/rs/installing-upgrading/product-lifecycle/",
    dates={
        "5.0": "2022-04-27",
        "6.0": "2022-05-31",
        "6.2": "2025-02-28",
        "7.0": "2024-07-29",
        "7.2": "2026-02-28",
        "7.4": None,
        "8.0": None,
        "8.2": None,
    },
)

DOCKER = Family(
    key="docker",
    product="Docker Engine",
    repositories=("docker",),
    # endoflife.date products/docker-engine.md; 25.0, 28 and 29 had no announced end when
    # reviewed. Used by GL302 (CI job images and dind services).
    source="https://endoflife.date/docker-engine",
    dates={
        "18.09": "2019-08-22",
        "19.03": "2021-01-08",
        "20.10": "2023-12-10",
        "23.0": "2025-05-19",
        "24.0": "2024-06-08",
        "25.0": None,
        "26.0": "2024-06-08",
        "26.1": "2025-02-17",
        "27": "2025-05-03",
        "28": None,
        "29": None,
    },
)

FAMILIES: dict[str, Family] = {
    f.key: f
    for f in (
        ALPINE,
        DEBIAN,
        UBUNTU,
        GOLANG,
        NODE,
        PYTHON,
        OPENJDK,
        TEMURIN,
        CORRETTO,
        NGINX,
        POSTGRES,
        REDIS,
        DOCKER,
    )
}

# Docker Engine is looked up by key only (GL302): DF203 does not report `FROM docker:...` base
# images, which would be a new check rather than a shared table.
_BY_REPOSITORY: dict[str, Family] = {
    repo: family
    for family in FAMILIES.values()
    if family is not DOCKER
    for repo in family.repositories
}
_OS_FAMILIES = tuple(f for f in FAMILIES.values() if f.is_os)
_ALPINE_WORD = re.compile(r"alpine(\d+\.\d+)\Z")


# --------------------------------------------------------------------------------------------
# Matching image references


@dataclass(frozen=True, slots=True)
class ImageCheck:
    """A release an image tag pins, with where it is written in the tag (``tag[start:end]``)."""

    release: Release
    start: int
    end: int

    @property
    def is_os(self) -> bool:
        return self.release.family.is_os


def _official_name(ref: ImageRef) -> str | None:
    """``python`` for ``python``, ``library/python``, ``docker.io/library/python`` and mirror
    paths ending in ``library/python`` (such as ``public.ecr.aws/docker/library/python``)."""
    head, _, name = ref.repository.lower().rpartition("/")
    if not head or head == "library" or head.endswith("/library"):
        return name
    return None


def family_for(ref: ImageRef) -> Family | None:
    """The family of an image reference: an official image, or a listed Docker Hub name."""
    name = _official_name(ref)
    if name is None and ref.registry == DEFAULT_REGISTRY:
        name = ref.repository.lower()
    return None if name is None else _BY_REPOSITORY.get(name)


def _os_release(word: str) -> Release | None:
    """The operating system a tag word names: ``alpine3.18``, ``bookworm``, ``jammy``."""
    lowered = word.lower()
    match = _ALPINE_WORD.match(lowered)
    if match is not None:
        return ALPINE.release(match.group(1))
    for family in (DEBIAN, UBUNTU):
        if lowered in family.aliases:
            return family.release(family.aliases[lowered])
    return None


def _words(tag: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^-]+", tag)]


def image_checks(ref: ImageRef) -> list[ImageCheck]:
    """Every release the tag of ``ref`` pins, the runtime first, then the operating system.

    Official images (``docker.io/library/*``) outside the table still get their operating
    system checked when the tag names one (``ruby:3.3-slim-bullseye`` → Debian 11).
    """
    tag = ref.tag
    if not tag:
        return []
    family = family_for(ref)
    if family is None and _official_name(ref) is None:
        return []
    words = _words(tag)
    found: list[ImageCheck] = []
    rest = words
    if family is not None and words:
        word, start, end = words[0]
        release = family.resolve(word)
        if release is not None:
            found.append(ImageCheck(release, start, end))
            rest = words[1:]
        elif family.is_os:
            return []
    if family is None or not family.is_os:
        for word, start, end in rest:
            release = _os_release(word)
            if release is not None and all(c.release != release for c in found):
                found.append(ImageCheck(release, start, end))
    return found
