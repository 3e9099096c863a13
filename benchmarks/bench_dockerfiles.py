#!/usr/bin/env python3
"""Benchmark seawall's Dockerfile scanning on generated, varied Dockerfiles.

The script writes ``--count`` Dockerfiles (default 1,000), each in its own subdirectory, some with
a ``.dockerignore`` beside them. They are generated deterministically from ``--seed``: file
``i`` depends only on the seed and ``i``, so a smaller ``--count`` gives a prefix of the same
corpus. The templates cover every construct the Dockerfile parser handles: line continuations,
``escape`` and ``syntax`` directives, comments inside continuations, heredocs (several per
instruction, ``<<-``, quoted delimiters, ``COPY <<EOF``), JSON and shell forms, ``ONBUILD``,
named multi-stage builds, ``ARG`` before ``FROM`` with ``${VAR:-default}`` and ``${VAR:+alt}`` in
``FROM``/``COPY``/``ENV``/``USER``, ``RUN`` bodies with ``&&``, ``||``, ``;``, pipes, subshells,
``$( )``, ``if``/``for``, ``sh -c``, apt/apk/pip/npm installs and ``curl | sh``, ``COPY --from``,
``HEALTHCHECK``, ``EXPOSE``, ``USER``; about 3 % of the files carry a deliberate mistake (typo'd
instruction, invalid JSON form, unterminated heredoc, ...).

    python benchmarks/bench_dockerfiles.py                  # 1,000 files, best of 3
    python benchmarks/bench_dockerfiles.py --count 5000 --runs 5
    python benchmarks/bench_dockerfiles.py --out /tmp/dfs   # keep the generated files
    python benchmarks/bench_dockerfiles.py --profile 30     # cProfile of one scan

What is timed, each run in a fresh Python process (so the shell parser's script cache and the
heap start empty), after a warm-up scan of other Dockerfiles that loads every module:

``parse``        ``seawall.parse.dockerfile.parse_dockerfile(text)`` over the texts, read
                 beforehand (reading is not timed).
``parse+shell``  the same, then ``script()`` of every instruction (the shell command model the
                 ``RUN`` rules read), which is parsed lazily.
``scan``         ``seawall.engine.run.scan([DIR], ScanOptions(select=("DF",)))`` in process:
                 discovery, reading, parsing, models, every ``DF`` rule, suppressions.
``cli``          ``python -m seawall check DIR --select DF --format json`` end to end
                 (interpreter start-up, imports, the scan, the JSON report).

Times are the best of ``--runs``, the modes interleaved so drift hits them alike; peak RSS is
the worker's ``ru_maxrss`` (for the command, ``wait4``'s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from machine_info import machine

TARGET_SECONDS = 2.0
PARSE, SHELL, SCAN, CLI = "parse", "parse+shell", "scan", "cli"
WORKER_MODES = (PARSE, SHELL, SCAN)
MODES = (PARSE, SHELL, SCAN, CLI)
TIMEOUT = 900

# --------------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------------

APT_PACKAGES = (
    "curl", "ca-certificates", "git", "gnupg", "build-essential", "libpq-dev", "unzip", "jq",
    "tzdata", "locales", "openssh-client", "python3", "python3-pip", "wget", "xz-utils",
    "libssl-dev", "pkg-config", "netcat-openbsd", "procps", "dumb-init", "tini", "make",
)  # fmt: skip
APK_PACKAGES = (
    "curl", "ca-certificates", "git", "bash", "tzdata", "openssl", "jq", "make", "gcc",
    "musl-dev", "libffi-dev", "postgresql-client", "tini", "su-exec", "unzip", "shadow",
)  # fmt: skip
PIP_PACKAGES = (
    "flask", "gunicorn", "requests", "django", "uvicorn", "fastapi", "celery", "psycopg2-binary",
    "boto3", "pydantic", "sqlalchemy", "redis",
)  # fmt: skip
NPM_PACKAGES = ("express", "pm2", "typescript", "pnpm", "yarn", "serve", "nodemon", "prisma")
STAGE_NAMES = ("build", "builder", "deps", "assets", "compile", "test", "tools", "base", "web")
PORTS = ("80", "443", "3000", "5000", "8000", "8080", "8443", "9000", "9090")
URLS = (
    "https://get.example.com/install.sh",
    "https://raw.githubusercontent.com/example/tool/main/install.sh",
    "https://deb.nodesource.com/setup_20.x",
    "https://sh.rustup.rs",
    "https://example.org/releases/v{v}/tool-linux-amd64.tar.gz",
)
IGNORE_LINES = (
    ".git", ".gitignore", "node_modules", "**/__pycache__", "*.pyc", ".env", ".env.*", "build/",
    "dist/", "coverage/", "*.log", "Dockerfile*", "docs/", "!README.md", ".vscode", "tmp/",
)  # fmt: skip
FLAVOURS = ("node", "python", "go", "java", "static", "tools")
BUILD_IMAGES = {
    "node": ("node:20-alpine", "node:22-bookworm-slim", "node:18", "node:20"),
    "python": ("python:3.12-slim", "python:3.11-slim-bookworm", "python:3.12-alpine", "python"),
    "go": ("golang:1.22", "golang:1.21-alpine", "golang:1.23-bookworm"),
    "java": ("eclipse-temurin:21-jdk", "maven:3.9-eclipse-temurin-21", "gradle:8.7-jdk21"),
    "static": ("node:20-alpine", "alpine:3.19", "debian:12-slim"),
    "tools": ("alpine:3.20", "debian:12-slim", "ubuntu:22.04", "ubuntu:24.04", "ubuntu", "alpine"),
}
RUNTIME_IMAGES = {
    "node": ("node:20-alpine", "node:22-slim", "gcr.io/distroless/nodejs20-debian12:nonroot"),
    "python": ("python:3.12-slim", "python:3.12-alpine", "gcr.io/distroless/python3-debian12"),
    "go": ("gcr.io/distroless/static-debian12:nonroot", "scratch", "alpine:3.20", "busybox:1.36"),
    "java": ("eclipse-temurin:21-jre", "eclipse-temurin:21-jre-alpine"),
    "static": ("nginx:1.27-alpine", "nginx:1.27", "caddy:2.8-alpine"),
    "tools": ("alpine:3.20", "debian:12-slim", "ubuntu:24.04", "alpine:latest"),
}
WARMUP_DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG TAG=3.20
FROM alpine:${TAG:-3.20} AS build
RUN (cd /tmp && echo "$(date)") && apk add --no-cache curl | tee /log; true || false
RUN <<EOF
for f in a b; do echo $f; done
EOF
ONBUILD RUN sh -c 'pip install flask'
FROM build
COPY --from=build . .
USER 10001
"""


def _package_manager(image: str) -> str | None:
    lower = image.lower()
    if "distroless" in lower or lower in ("scratch", "busybox:1.36"):
        return None
    if "alpine" in lower or "caddy" in lower:
        return "apk"
    return "apt"


@dataclass(frozen=True, slots=True)
class Generated:
    directory: str
    name: str
    text: str
    dockerignore: str | None


@dataclass
class _Writer:
    """Builds one Dockerfile. ``esc`` is the escape character the file declares (or the default)."""

    rng: random.Random
    esc: str = "\\"
    lower_keywords: bool = False
    lines: list[str] = field(default_factory=list)
    stage_names: list[str] = field(default_factory=list)
    global_args: dict[str, str] = field(default_factory=dict)

    # ---- small helpers ----

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def k(self, keyword: str) -> str:
        """The keyword, occasionally in lower case (the builder does not mind)."""
        return keyword.lower() if self.lower_keywords and self.chance(0.5) else keyword

    def version(self) -> str:
        r = self.rng
        return f"{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 12)}"

    def packages(self, pool: Sequence[str], pin: str | None, most: int = 6) -> list[str]:
        chosen = self.rng.sample(pool, self.rng.randint(1, min(most, len(pool))))
        if pin is not None and self.chance(0.4):
            chosen = [f"{p}{pin}{self.version()}" for p in chosen]
        return chosen

    def cont(self, parts: Sequence[str]) -> list[str]:
        """Lines joined by continuations; parts starting with ``#`` are comment lines inside the
        continuation (they take no escape character)."""
        out: list[str] = []
        last = max(i for i, p in enumerate(parts) if not p.lstrip().startswith("#"))
        for i, part in enumerate(parts):
            if part.lstrip().startswith("#") or i == last:
                out.append(part)
            else:
                trailing = "  " if self.chance(0.03) else ""  # blanks after the escape are fine
                out.append(f"{part} {self.esc}{trailing}")
        return out

    def maybe_comment(self, text: str) -> list[str]:
        return [f"    # {text}"] if self.chance(0.25) else []

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    # ---- RUN bodies ----

    def run_install(self, manager: str | None) -> None:
        r = self.rng
        if manager == "apk":
            pkgs = self.packages(APK_PACKAGES, "=", 7)
            flag = r.choice(("--no-cache ", "--no-cache --virtual .build-deps ", "", "-q "))
            if self.chance(0.5):
                self.emit(f"{self.k('RUN')} apk add {flag}{' '.join(pkgs)}")
            else:
                parts = [f"{self.k('RUN')} apk update", *self.maybe_comment("refresh the index")]
                parts.append(f"    && apk add {flag}".rstrip())
                parts += [f"        {p}" for p in pkgs]
                if self.chance(0.5):
                    parts.append("    && rm -rf /var/cache/apk/*")
                self.emit(*self.cont(parts))
            return
        if manager == "apt":
            pkgs = self.packages(APT_PACKAGES, "=", 8)
            tool = "apt" if self.chance(0.1) else "apt-get"
            flags = r.choice(("-y --no-install-recommends", "-y", "-yq --no-install-recommends"))
            env = "DEBIAN_FRONTEND=noninteractive " if self.chance(0.3) else ""
            parts = [
                f"{self.k('RUN')} {tool} update",
                *self.maybe_comment("packages for the build"),
            ]
            parts.append(f"    && {env}{tool} install {flags}")
            parts += [f"        {p}" for p in sorted(pkgs)]
            if self.chance(0.7):
                parts.append(
                    r.choice(("    && rm -rf /var/lib/apt/lists/*", "    && apt-get clean"))
                )
            self.emit(*self.cont(parts))

    def run_language(self, flavour: str) -> None:
        r = self.rng
        if flavour == "python":
            choice = r.randrange(5)
            if choice == 0:
                self.emit(f"{self.k('RUN')} pip install --no-cache-dir -r requirements.txt")
            elif choice == 1:
                pkgs = self.packages(PIP_PACKAGES, "==", 5)
                self.emit(f"{self.k('RUN')} pip install {' '.join(pkgs)}")
            elif choice == 2:
                self.emit(
                    *self.cont(
                        [
                            f"{self.k('RUN')} python -m venv /opt/venv",
                            "    && /opt/venv/bin/pip install --upgrade pip",
                            "    && /opt/venv/bin/pip install -r requirements.txt",
                        ]
                    )
                )
            elif choice == 3:
                self.emit(
                    f"{self.k('RUN')} --mount=type=cache,target=/root/.cache/pip "
                    "pip install -r requirements.txt"
                )
            else:
                self.emit(f"{self.k('RUN')} pip3 install --user {r.choice(PIP_PACKAGES)}")
        elif flavour in ("node", "static"):
            choice = r.randrange(5)
            if choice == 0:
                self.emit(f"{self.k('RUN')} npm ci --omit=dev")
            elif choice == 1:
                self.emit(f"{self.k('RUN')} npm install && npm run build")
            elif choice == 2:
                tool = r.choice(NPM_PACKAGES)
                self.emit(f"{self.k('RUN')} npm install -g {tool}@{self.version()}")
            elif choice == 3:
                self.emit(
                    f"{self.k('RUN')} --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci"
                )
            else:
                self.emit(f"{self.k('RUN')} yarn install --frozen-lockfile && yarn build")
        elif flavour == "go":
            self.emit(f"{self.k('RUN')} go mod download")
            self.emit(
                *self.cont(
                    [
                        f"{self.k('RUN')} CGO_ENABLED=0 GOOS=linux go build",
                        *self.maybe_comment("static binary"),
                        f"    -ldflags='-s -w -X main.version={self.version()}'",
                        "    -o /out/app ./cmd/app",
                    ]
                )
            )
        elif flavour == "java":
            self.emit(
                r.choice(
                    (
                        f"{self.k('RUN')} ./mvnw -B package -DskipTests",
                        f"{self.k('RUN')} gradle build --no-daemon -x test",
                        f"{self.k('RUN')} --mount=type=cache,target=/root/.m2 mvn -B -q package",
                    )
                )
            )

    def run_shell(self, manager: str | None) -> None:
        """A RUN with shell structure: operators, pipes, subshells, ``sh -c``, downloads."""
        r = self.rng
        url = r.choice(URLS).format(v=self.version())
        n = r.randint(1, 99)
        options: list[list[str]] = [
            [f"{self.k('RUN')} curl -fsSL {url} | sh"],
            [f"{self.k('RUN')} wget -qO- {url} | bash -s -- --version {self.version()}"],
            [f"{self.k('RUN')} set -o pipefail && curl -sSL {url} | tar -xz -C /opt"],
            [f"{self.k('RUN')} (cd /src && make -j{n % 8 + 1}) && (cd /docs && make html)"],
            [f"{self.k('RUN')} sh -c 'mkdir -p /data/{n} && chown -R 1000:1000 /data'"],
            [f'{self.k("RUN")} bash -c "set -euo pipefail; echo building {n}; make install"'],
            [
                f"{self.k('RUN')} test -f /etc/app.conf || cp /defaults/app.conf /etc/app.conf; "
                f"chmod 0644 /etc/app.conf"
            ],
            [f"{self.k('RUN')} mkdir -p /var/run/app{n} ; chown -R app /var/run/app{n} || true"],
            [f"{self.k('RUN')} cat /etc/os-release | grep -i version_id | tee /tmp/version{n}"],
            [f'{self.k("RUN")} echo "built $(date -u +%Y-%m-%d) #{n}" > /build-info'],
            [f"{self.k('RUN')} if [ -d /app/{n} ]; then rm -rf /app/{n}; fi"],
            [f"{self.k('RUN')} for f in a b c{n}; do echo $f >> /tmp/list; done"],
            [f"{self.k('RUN')} cd /app && make install PREFIX=/usr/local/{n}"],
            [f"{self.k('RUN')} chmod -R 777 /app/{n}"],
            [f'{self.k("RUN")} ["/bin/sh", "-c", "echo {n} > /tmp/n && cat /tmp/n | wc -c"]'],
            [f'{self.k("RUN")} ["make", "-C", "/src", "install", "JOBS={n}"]'],
            self.cont(
                [
                    f"{self.k('RUN')} wget -q https://example.com/pkg-{n}.tar.gz",
                    *self.maybe_comment("unpack and clean up"),
                    f"    && tar -xzf pkg-{n}.tar.gz -C /opt",
                    f"    && rm pkg-{n}.tar.gz",
                ]
            ),
            [f"{self.k('RUN')} {{ echo 'a={n}'; echo 'b=2'; }} > /etc/app.env"],
        ]
        if manager == "apk":
            options.append(
                [f"{self.k('RUN')} addgroup -S app && adduser -S -G app -u {10000 + n} app"]
            )
        elif manager == "apt":
            options.append(
                [f"{self.k('RUN')} groupadd -r app && useradd -r -g app -u {10000 + n} app"]
            )
        self.emit(*r.choice(options))

    def run_heredoc(self, manager: str | None) -> None:
        r = self.rng
        install = {
            "apk": f"apk add --no-cache {' '.join(self.packages(APK_PACKAGES, None, 3))}",
            "apt": f"apt-get install -y {' '.join(self.packages(APT_PACKAGES, None, 3))}",
        }.get(manager or "", "echo no package manager")
        n = r.randint(1, 999)
        choice = r.randrange(6)
        if choice == 0:
            self.emit(f"{self.k('RUN')} <<EOF", "set -eux", install, f"echo step {n}", "EOF")
        elif choice == 1:
            self.emit(
                f"{self.k('RUN')} <<-SCRIPT",
                "\tset -e",
                f"\t\tmkdir -p /opt/{n}",
                f"\tcurl -fsSL {r.choice(URLS[:4])} | sh",
                "\tSCRIPT",
            )
        elif choice == 2:  # several heredocs in one instruction
            self.emit(
                f"{self.k('RUN')} <<FILE1 cat > /etc/one.conf && <<FILE2 cat > /etc/two.conf",
                f"first = {n}",
                "FILE1",
                "second = true",
                "FILE2",
            )
        elif choice == 3:
            self.emit(
                f"{self.k('COPY')} <<'CONF' <<\"ENVFILE\" /etc/app/",
                "listen = $PORT",
                f"workers = {n % 16 + 1}",
                "CONF",
                f"MODE=prod{n}",
                "ENVFILE",
            )
        elif choice == 4:
            self.emit(
                f"{self.k('RUN')} python3 <<PY > /tmp/out{n}.txt",
                "import os",
                "print(os.getuid())",
                "PY",
            )
        else:
            self.emit(
                f"{self.k('RUN')} --mount=type=cache,target=/var/cache <<EOT bash",
                "set -euo pipefail",
                install,
                f"for i in $(seq 1 {n % 5 + 1}); do echo $i; done",
                "EOT",
            )

    # ---- other instructions ----

    def copy(self, stage_index: int) -> None:
        r = self.rng
        earlier = self.stage_names[:stage_index]
        choices: list[str] = [
            f"{self.k('COPY')} . .",
            f"{self.k('COPY')} package*.json ./",
            f"{self.k('COPY')} requirements.txt /app/",
            f"{self.k('COPY')} --chown=app:app src/ /app/src/",
            f"{self.k('COPY')} --link --chmod=755 entrypoint.sh /usr/local/bin/",
            f'{self.k("COPY")} ["config/app.yaml", "/etc/app/app.yaml"]',
            f"{self.k('ADD')} https://example.com/files/data-{self.version()}.tar.gz /tmp/",
            f"{self.k('ADD')} vendor.tar.gz /opt/",
            f"{self.k('COPY')} --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types",
        ]
        if "APP_UID" in self.global_args:
            choices.append(
                f"{self.k('COPY')} --chown=${{APP_UID:-10001}}:${{APP_GID:-10001}} . "
                "${APP_HOME:-/app}/"
            )
        if earlier:
            name = r.choice(earlier)
            choices += [
                f"{self.k('COPY')} --from={name} /out/ /usr/local/bin/",
                f"{self.k('COPY')} --from={earlier.index(name)} /app/dist /srv/www",
            ]
        self.emit(r.choice(choices))

    def env(self) -> None:
        r = self.rng
        n = r.randint(1, 99)
        self.emit(
            *r.choice(
                (
                    [f"{self.k('ENV')} APP_ENV=production PORT={r.choice(PORTS)}"],
                    [f"{self.k('ENV')} PATH=/opt/venv/bin:$PATH"],
                    [f"{self.k('ENV')} LANG C.UTF-8"],
                    [f"{self.k('ENV')} APP_HOME=${{APP_HOME:-/app}} LOG_LEVEL=${{LOG:-info}}"],
                    [f"{self.k('ENV')} EXTRA_FLAGS=${{DEBUG:+--verbose}} WORKERS={n}"],
                    self.cont(
                        [
                            f"{self.k('ENV')} PYTHONDONTWRITEBYTECODE=1",
                            "    # keep logs unbuffered",
                            f"    PYTHONUNBUFFERED=1 SEED={n}",
                            '    DESCRIPTION="two words"',
                        ]
                    ),
                )
            )
        )

    def label(self) -> None:
        n = self.rng.randint(1, 999)
        self.emit(
            *self.cont(
                [
                    f'{self.k("LABEL")} org.opencontainers.image.title="app-{n}"',
                    "# the source repository",
                    "      org.opencontainers.image.source=https://example.com/repo.git",
                    f'      org.opencontainers.image.version="{self.version()}"',
                ]
            )
        )

    def misc(self) -> None:
        r = self.rng
        self.emit(
            r.choice(
                (
                    f"{self.k('WORKDIR')} /app",
                    f"{self.k('WORKDIR')} /srv/app{r.randint(1, 9)}",
                    f"{self.k('ARG')} BUILD_DATE",
                    f"{self.k('ARG')} VERSION={self.version()}",
                    f'{self.k("VOLUME")} ["/data"]',
                    f"{self.k('VOLUME')} /var/lib/app",
                    f"{self.k('STOPSIGNAL')} SIGTERM",
                    f'{self.k("SHELL")} ["/bin/bash", "-o", "pipefail", "-c"]',
                    f"{self.k('EXPOSE')} {r.choice(PORTS)}",
                    "# a comment between instructions",
                    "",
                )
            )
        )

    def onbuild(self) -> None:
        self.emit(
            *self.rng.choice(
                (
                    [f"{self.k('ONBUILD')} COPY . /app/src"],
                    [f"{self.k('ONBUILD')} RUN npm ci && npm run build"],
                    [f"{self.k('ONBUILD')} RUN pip install --no-cache-dir -r /app/reqs.txt"],
                    [f"{self.k('ONBUILD')} RUN <<EOF", "make -C /app/src", "EOF"],
                    [f"{self.k('ONBUILD')} ARG BUILD_ENV=production"],
                )
            )
        )

    # ---- stages and the whole file ----

    def image_ref(self, image: str) -> str:
        """``image`` written through global ARGs with ``${VAR:-default}`` and ``${VAR:+alt}``."""
        if not self.global_args or "/" in image or ":" not in image or "@" in image:
            return image
        name, tag = image.split(":", 1)
        var = name.upper().replace("-", "_") + "_VERSION"
        self.global_args.setdefault(var, tag)
        style = self.rng.randrange(3)
        if style == 0:
            return f"${{REGISTRY:-docker.io}}/library/{name}:${{{var}:-{tag}}}"
        if style == 1:
            return f"{name}:${{{var}}}${{VARIANT:+-${{VARIANT}}}}"
        return f"{name}:${var}"

    def body(self, flavour: str, manager: str | None, stage: int, size: int, final: bool) -> None:
        r = self.rng
        kinds = ["misc", "copy", "env", "label"]
        weights = [4, 4, 2, 1]
        if manager is not None or not final:
            kinds += ["install", "language", "shell", "heredoc"]
            weights += [2, 3, 4, 2]
        for _ in range(size):
            kind = r.choices(kinds, weights)[0]
            if kind == "install":
                self.run_install(manager)
            elif kind == "language":
                self.run_language(flavour)
            elif kind == "shell":
                self.run_shell(manager)
            elif kind == "heredoc":
                self.run_heredoc(manager)
            elif kind == "copy":
                self.copy(stage)
            elif kind == "env":
                self.env()
            elif kind == "label":
                self.label()
            else:
                self.misc()

    def tail(self, flavour: str, manager: str | None) -> None:
        r = self.rng
        user = r.random()
        if user < 0.2:
            pass  # never sets USER
        elif user < 0.25:
            self.emit(f"{self.k('USER')} root")
        elif user < 0.35 and manager is not None:
            self.emit(f"{self.k('USER')} root")
            self.run_install(manager)
            self.emit(f"{self.k('USER')} app")
        elif user < 0.45 and "APP_UID" in self.global_args:
            self.emit(f"{self.k('ARG')} APP_UID", f"{self.k('USER')} ${{APP_UID:-10001}}")
        else:
            self.emit(
                f"{self.k('USER')} "
                + r.choice(("app", "10001", "10001:10001", "nobody", "65534:65534", "node"))
            )
        if self.chance(0.7):
            ports = " ".join(r.sample(PORTS, r.randint(1, 3)))
            if self.chance(0.15):
                ports = "${PORT:-8080}/tcp 9090-9091/udp"
            self.emit(f"{self.k('EXPOSE')} {ports}")
        if self.chance(0.5):
            self.emit(
                *r.choice(
                    (
                        self.cont(
                            [
                                f"{self.k('HEALTHCHECK')} --interval=30s --timeout=3s --retries=3",
                                "    CMD curl -f http://localhost:8080/healthz || exit 1",
                            ]
                        ),
                        [f'{self.k("HEALTHCHECK")} CMD ["/app", "healthcheck"]'],
                        [f"{self.k('HEALTHCHECK')} NONE"],
                        [
                            f"{self.k('HEALTHCHECK')} --start-period=5s CMD wget -qO- "
                            "http://127.0.0.1/ | grep -q ok"
                        ],
                    )
                )
            )
        program = {
            "node": ("node", "server.js"),
            "python": ("gunicorn", "-b", "0.0.0.0:8000", "app:app"),
            "go": ("/usr/local/bin/app",),
            "java": ("java", "-jar", "/app/app.jar"),
            "static": ("nginx", "-g", "daemon off;"),
            "tools": ("/bin/sh",),
        }[flavour]
        form = r.randrange(4)
        if form == 0:
            self.emit(f"{self.k('CMD')} {json.dumps(list(program))}")
        elif form == 1:
            self.emit(f"{self.k('CMD')} {' '.join(program)}")
        elif form == 2:
            self.emit(f'{self.k("ENTRYPOINT")} ["/usr/bin/tini", "--"]')
            self.emit(f"{self.k('CMD')} {json.dumps(list(program))}")
        else:
            self.emit(f"{self.k('ENTRYPOINT')} /entrypoint.sh {' '.join(program[1:])}".rstrip())


def _windows_dockerfile(rng: random.Random) -> str:
    n = rng.randint(1, 999)
    return "\n".join(
        (
            "# escape=`",
            "",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022",
            'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]',
            f"RUN New-Item -ItemType Directory C:\\app{n} ; `",
            "    # create the tools folder too",
            "    New-Item -ItemType Directory C:\\tools",
            "COPY app/ C:\\app\\",
            f"ENV APP_HOME=C:\\app{n} GREETING=`$HOME",
            "WORKDIR C:\\app",
            "RUN Invoke-WebRequest https://example.com/tool.zip -OutFile tool.zip ; `",
            "    Expand-Archive tool.zip -DestinationPath C:\\tools",
            "USER ContainerUser",
            "EXPOSE 8080",
            'CMD ["C:\\\\app\\\\app.exe"]',
            "",
        )
    )


_MISTAKES = (
    ("append", "CMD ['./server', '--port', '8080']"),  # invalid JSON: runs through a shell
    ("append", "RUNN echo typo"),
    ("append", "COPY --form=build /a /b"),
    ("append", "RUN <<EOF\necho never closed\n"),
    ("append", "RUN apt-get install -y \\\n\n    curl"),  # empty continuation line
    ("prepend", "LABEL stray=true"),  # an instruction before FROM
)


def generate_dockerfile(index: int, seed: int) -> Generated:
    """Dockerfile number ``index``; it depends only on ``seed`` and ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    directory = f"app{index:05d}"
    filename = rng.choices(
        ("Dockerfile", "Containerfile", "Dockerfile.prod", "build.Dockerfile"), (85, 5, 5, 5)
    )[0]
    ignore = None
    if rng.random() < 0.4:
        ignore = "\n".join(rng.sample(IGNORE_LINES, rng.randint(2, 8))) + "\n"
    if rng.random() < 0.02:
        return Generated(directory, filename, _windows_dockerfile(rng), ignore)

    w = _Writer(rng)
    header: list[str] = []
    if rng.random() < 0.5:
        header.append(
            "# syntax=" + rng.choice(("docker/dockerfile:1", "docker/dockerfile:1.7", "docker/"
                                      "dockerfile:1-labs"))
        )  # fmt: skip
    if rng.random() < 0.05:
        w.esc = "`"
        header.append("# escape=`")
    if rng.random() < 0.05:
        header.append("# check=skip=JSONArgsRecommended")
    if rng.random() < 0.3:
        header.append(f"# {directory}: generated by benchmarks/bench_dockerfiles.py")
    w.lower_keywords = rng.random() < 0.05
    if rng.random() < 0.45:
        w.global_args = {"REGISTRY": "docker.io", "VARIANT": "", "APP_UID": "10001"}

    flavour = rng.choice(FLAVOURS)
    size_class = rng.random()
    stages = rng.choices((1, 2, 3, 4, 6), (30, 35, 20, 10, 5))[0]
    per_stage = (3, 9) if size_class < 0.9 else (10, 25) if size_class < 0.98 else (40, 80)
    names = rng.sample(STAGE_NAMES, min(stages - 1, len(STAGE_NAMES)))
    stage_lines: list[str] = []
    for stage in range(stages):
        final = stage == stages - 1
        if final:
            if names and rng.random() < 0.2:
                base = rng.choice(names)  # FROM an earlier stage
                manager = _package_manager(rng.choice(BUILD_IMAGES[flavour]))
            else:
                base = w.image_ref(rng.choice(RUNTIME_IMAGES[flavour]))
                manager = _package_manager(base)
            alias = " AS final" if rng.random() < 0.3 else ""
        else:
            image = rng.choice(BUILD_IMAGES[flavour])
            manager = _package_manager(image)
            base = w.image_ref(image)
            name = names[stage] if rng.random() > 0.05 else names[stage].capitalize()
            alias = f" {rng.choice(('AS', 'as'))} {name}"
        platform_flag = "--platform=$BUILDPLATFORM " if not final and rng.random() < 0.1 else ""
        w.lines = []
        w.emit(f"{w.k('FROM')} {platform_flag}{base}{alias}")
        if flavour == "tools" and rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                w.onbuild()
        w.body(flavour, manager, stage, rng.randint(*per_stage), final)
        if final:
            w.tail(flavour, manager)
        else:
            w.stage_names.append(names[stage])
        stage_lines += [*w.lines, ""]

    global_lines = []
    if w.global_args:
        for key, value in w.global_args.items():
            global_lines.append(f"ARG {key}" if value == "" else f"ARG {key}={value}")
        global_lines.append("ARG IMAGE_SUFFIX=${VARIANT:+-${VARIANT}}")
    lines = [*header, *global_lines, *stage_lines]
    if rng.random() < 0.03:
        where, mistake = rng.choice(_MISTAKES)
        if where == "append":
            lines.append(mistake)
        else:
            lines.insert(len(header), mistake)
    text = "\n".join(lines).rstrip("\n") + "\n"
    return Generated(directory, filename, text, ignore)


def write_corpus(root: Path, count: int, seed: int) -> list[Path]:
    paths: list[Path] = []
    for index in range(count):
        g = generate_dockerfile(index, seed)
        folder = root / g.directory
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / g.name
        path.write_text(g.text, encoding="utf-8")
        if g.dockerignore is not None:
            (folder / ".dockerignore").write_text(g.dockerignore, encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# worker side: one measurement in a fresh process, printed as one JSON line
# --------------------------------------------------------------------------------------------


def _dockerfiles(root: Path) -> list[Path]:
    from seawall.load.classify import is_dockerfile_name

    return sorted(p for p in root.rglob("*") if p.is_file() and is_dockerfile_name(p.name))


def _warm_up() -> None:
    """Load every module a scan touches (rules, bashlex) on a Dockerfile outside the corpus."""
    from seawall.engine.run import ScanOptions, scan
    from seawall.parse.dockerfile import parse_dockerfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Dockerfile"
        path.write_text(WARMUP_DOCKERFILE, encoding="utf-8")
        scan([str(path)], ScanOptions(select=("DF",)), cwd=Path(tmp))
    for instr in parse_dockerfile(WARMUP_DOCKERFILE).walk():
        instr.script()


def _parse_texts(texts: Sequence[str], scripts: bool) -> dict[str, Any]:
    from seawall.parse.dockerfile import parse_dockerfile

    instructions = problems = commands = 0
    parsers: Counter[str] = Counter()
    for text in texts:
        doc = parse_dockerfile(text)
        problems += len(doc.problems)
        for instr in doc.walk():
            instructions += 1
            if scripts:
                script = instr.script()
                if script is not None:
                    commands += len(script.commands)
                    parsers[script.parser] += 1
    out: dict[str, Any] = {"files": len(texts), "instructions": instructions}
    out["problems"] = problems
    if scripts:
        out["commands"] = commands
        out["script_parsers"] = dict(parsers.most_common())
    return out


def _scan(root: Path) -> dict[str, Any]:
    from seawall.engine.run import ScanOptions, scan

    result = scan([str(root)], ScanOptions(select=("DF",)), cwd=root)
    codes = Counter(f.rule.code for f in result.findings)
    return {
        "files": result.files,
        "findings": len(result.findings),
        "suppressed": result.suppressed,
        "codes": dict(sorted(codes.items())),
    }


def worker(mode: str, root: Path) -> dict[str, Any]:
    _warm_up()
    texts = [p.read_text(encoding="utf-8") for p in _dockerfiles(root)] if mode != SCAN else []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    counts = _scan(root) if mode == SCAN else _parse_texts(texts, scripts=mode == SHELL)
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "rss_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "counts": counts,
    }


# --------------------------------------------------------------------------------------------
# driver side
# --------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    mode: str
    runs: list[float] = field(default_factory=list)
    rss_before_kib: int | None = None
    rss_peak_kib: int = 0
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> float:
        return min(self.runs) if self.runs else float("nan")


def _run_worker(mode: str, root: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--dir", str(root)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} worker failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _run_cli(root: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "seawall", "check", str(root), "--select", "DF"]
    command += ["--format", "json", "--no-progress"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=root)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    if code not in (0, 1):
        raise RuntimeError(f"seawall CLI exited {code}:\n{stderr[-4000:]}")
    report = json.loads(stdout)
    codes = Counter(f["rule"] for f in report["findings"])
    counts = {"files": report["summary"]["files"], "findings": report["summary"]["findings"]}
    counts["codes"] = dict(sorted(codes.items()))
    counts["exit"] = code
    return {"seconds": seconds, "rss_peak_kib": usage.ru_maxrss, "counts": counts}


def measure(root: Path, runs: int, modes: Sequence[str]) -> dict[str, Measurement]:
    out = {m: Measurement(m) for m in modes}
    for number in range(1, runs + 1):
        for mode in modes:
            data = _run_cli(root) if mode == CLI else _run_worker(mode, root)
            m = out[mode]
            m.runs.append(data["seconds"])
            m.rss_before_kib = data.get("rss_before_kib")
            m.rss_peak_kib = max(m.rss_peak_kib, data["rss_peak_kib"])
            m.counts = data["counts"]
            print(f"  run {number}/{runs} {mode:12} {data['seconds']:8.3f} s", flush=True)
    return out


def _mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:,.0f} MiB"


def corpus_stats(paths: Sequence[Path]) -> dict[str, Any]:
    texts = [p.read_text(encoding="utf-8") for p in paths]
    ignores = sum(1 for p in paths if (p.parent / ".dockerignore").exists())
    return {
        "files": len(texts),
        "bytes": sum(len(t.encode()) for t in texts),
        "lines": sum(t.count("\n") for t in texts),
        "with_dockerignore": ignores,
        "heredocs": sum(t.count("<<") for t in texts),
        "escape_backtick": sum(1 for t in texts if "# escape=`\n" in t[:200]),
        "onbuild": sum(1 for t in texts if "\nONBUILD " in t.upper()),
    }


def report(results: dict[str, Measurement], stats: dict[str, Any]) -> None:
    print("\n== results ==")
    print(
        f"corpus: {stats['files']} Dockerfiles, {stats['lines']:,} lines, "
        f"{stats['bytes'] / 1024:,.0f} KiB, {stats['with_dockerignore']} with a .dockerignore"
    )
    print(f"{'mode':12} {'best s':>8} {'runs (s)':>26} {'RSS peak':>10} {'RSS before':>11}")
    for m in results.values():
        runs = ", ".join(f"{r:.3f}" for r in m.runs)
        print(
            f"{m.mode:12} {m.best:8.3f} {runs:>26} {_mib(m.rss_peak_kib):>10} "
            f"{_mib(m.rss_before_kib):>11}"
        )
    for mode in (PARSE, SHELL):
        if mode in results:
            c = results[mode].counts
            per = results[mode].best / max(c["files"], 1) * 1000
            extra = f", {c['commands']} shell commands" if "commands" in c else ""
            print(
                f"{mode}: {c['files']} files, {c['instructions']} instructions, "
                f"{c['problems']} parse problems{extra}; {per:.2f} ms per file"
            )
            if "script_parsers" in c:
                print(f"  scripts by parser: {c['script_parsers']}")
    for mode in (SCAN, CLI):
        if mode in results:
            c = results[mode].counts
            if c["files"] != stats["files"]:
                print(f"WARNING: {mode} saw {c['files']} files, {stats['files']} were generated")
            best = results[mode].best
            verdict = "met" if best < TARGET_SECONDS else "NOT met"
            print(
                f"{mode}: {c['files']} files, {c['findings']} findings; best {best:.3f} s "
                f"(target: under {TARGET_SECONDS:.0f} s) -> {verdict}"
            )
            print(f"  by rule: {c['codes']}")


def profile(root: Path, top: int) -> None:
    import cProfile
    import pstats

    from seawall.engine.run import ScanOptions, scan

    _warm_up()
    profiler = cProfile.Profile()
    profiler.enable()
    scan([str(root)], ScanOptions(select=("DF",)), cwd=root)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    print(f"\n== top {top} by own time ==")
    stats.sort_stats("tottime").print_stats(top)
    print(f"\n== top {top} by cumulative time ==")
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[2:]),
    )
    parser.add_argument("--count", type=int, default=1000, help="Dockerfiles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--out", type=Path, help="write the Dockerfiles here and keep them")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end command")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one scan, print top N")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument("--worker", choices=WORKER_MODES, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, args.dir.resolve())))
        return 0

    with tempfile.TemporaryDirectory(prefix="seawall-dockerfiles-") as tmp:
        root = (args.out or Path(tmp)).resolve()
        if args.out is not None and args.out.exists() and any(args.out.iterdir()):
            parser.error(f"{args.out}: exists and is not empty")
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = write_corpus(root, args.count, args.seed)
        print(f"generated {len(paths)} Dockerfiles in {time.perf_counter() - started:.2f} s")
        print(f"  under {root}")
        if args.profile:
            profile(root, args.profile)
            return 0
        info = machine()
        print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
        stats = corpus_stats(paths)
        print(f"corpus: {stats}")
        modes = WORKER_MODES if args.no_cli else MODES
        results = measure(root, max(args.runs, 1), modes)
        report(results, stats)
        if args.json:
            payload = {
                "machine": info,
                "count": args.count,
                "seed": args.seed,
                "corpus": stats,
                "results": {
                    k: {"runs": v.runs, "best": v.best, "rss_peak_kib": v.rss_peak_kib,
                        "rss_before_kib": v.rss_before_kib, "counts": v.counts}
                    for k, v in results.items()
                },
                "target_seconds": TARGET_SECONDS,
            }  # fmt: skip
            args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
