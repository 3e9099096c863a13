"""A file is downloaded in a `RUN` and nothing checks that it is the expected one.

## What it checks
`curl` and `wget` downloads of `http(s)://` or `ftp://` URLs that are saved to a file
(`curl -o`/`-O`, a `>` redirect, `wget` by default) or unpacked straight away (`| tar x`), in a
`RUN` that verifies nothing: no `sha256sum` (or another `*sum`/`shasum`), `gpg --verify`,
`gpgv`, `cosign verify`, `minisign -V` or `openssl dgst`. Not reported: output that only goes
to the build log or into a variable (`VERSION=$(curl -s …/latest)`), data piped into other tools
(`jq`, `gpg --dearmor` for a repository key), requests to `localhost`, and downloads executed
straight away, which DF305 reports. `ADD <url>` is DF503's.

## Why it matters
Whatever the server returns at build time goes into the image: a compromised release page, a
hijacked domain or a replaced "latest" artifact changes the image without any change to the
Dockerfile, and nobody notices. A checksum pinned in the Dockerfile turns that into a failed
build, and documents exactly which artifact the image contains.

## Example
```dockerfile
RUN curl -fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \
    && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1 linux-amd64/helm
```

## Fix
Pin the checksum the project publishes next to the version, and check it in the same `RUN`:
```dockerfile
ARG HELM_SHA256=<published sha256>
RUN curl -fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \
    && echo "${HELM_SHA256}  /tmp/helm.tgz" | sha256sum -c - \
    && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1 linux-amd64/helm
```
`ADD --checksum=sha256:<digest> <url> <dest>` does the same for a single file.

## References
- https://docs.docker.com/reference/dockerfile/#add---checksum
- https://slsa.dev/spec/v1.0/requirements
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.shell import Command, ShellScript

RULE = Rule(
    code="DF306",
    name="download-without-checksum",
    severity=Severity.LOW,
    category="supply-chain",
    summary="A downloaded file is not checked against a checksum or signature",
    targets=("dockerfile",),
    references=("https://docs.docker.com/reference/dockerfile/#add---checksum",),
)

_URL = re.compile(r"(https?|ftp)://", re.IGNORECASE)
_LOCAL = re.compile(r"(https?|ftp)://(localhost|127\.|\[::1\]|0\.0\.0\.0)", re.IGNORECASE)
_SUMS = re.compile(r"(sha\d*sum|md5sum|b2sum|shasum|cksum)\Z")
_EXTRACTORS = frozenset(
    {"tar", "bsdtar", "gunzip", "gzip", "zcat", "bunzip2", "bzip2", "xz", "unxz", "zstd",
     "unzstd", "cpio", "funzip", "dpkg", "rpm"}
)  # fmt: skip
# options whose value is a URL that is not the download (a proxy, a referer)
_URL_VALUED = frozenset({"-x", "--proxy", "--preproxy", "-e", "--referer", "--noproxy"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr in dockerfile.instructions("RUN"):
        script = instr.script()
        if script is None or _verifies(script):
            continue
        seen: set[tuple[int, int]] = set()
        for cmd in script.commands:
            if cmd.name not in ("curl", "wget") or cmd.context in ("$()", "``", "<()"):
                continue
            url = _url_index(cmd)
            if url is None or (cmd.span in seen) or not _keeps_result(cmd):
                continue
            seen.add(cmd.span)
            shown = cmd.args[url]
            if len(shown) > 80:
                shown = shown[:77] + "..."
            yield dockerfile.finding(
                RULE,
                f"`{cmd.name}` downloads {shown} and nothing in this RUN checks it; compare it "
                'with a pinned sha256 (`echo "<sha256>  <file>" | sha256sum -c -`) or verify '
                "its signature before using it",
                instr.locate(*cmd.arg_spans[url]),
            )


def _verifies(script: ShellScript) -> bool:
    for cmd in script.commands:
        name = cmd.name
        if name == "busybox" and cmd.args:
            name = cmd.args[0]
        if _SUMS.match(name) or name in ("gpgv", "minisign", "slsa-verifier"):
            return True
        if name in ("gpg", "gpg2") and cmd.has_flag("--verify", "--verify-files"):
            return True
        if name == "cosign" and (cmd.subcommand or "").startswith("verify"):
            return True
        if name == "openssl" and cmd.subcommand in ("dgst", "sha256", "sha512"):
            return True
    return False


def _url_index(cmd: Command) -> int | None:
    previous = ""
    for index, word in enumerate(cmd.args):
        if _URL.match(word) and previous not in _URL_VALUED and not _LOCAL.match(word):
            return index
        previous = word
    return None


def _keeps_result(cmd: Command) -> bool:
    """The download is saved to a file or unpacked, not only printed or parsed."""
    if cmd.pipes_into is not None:
        return _unpacked(cmd)
    if any(r.op in (">", ">>", ">|") and r.target != "/dev/null" for r in cmd.redirects):
        return True
    if cmd.name == "curl":
        return cmd.has_flag("-o", "-O", "--output", "--remote-name", "--remote-name-all")
    # wget saves to a file unless told to write to stdout (-O -, -qO-) or only to check
    if cmd.has_flag("--spider"):
        return False
    target = cmd.option("--output-document") or cmd.option("-O")
    if target == "-":
        return False
    return not any(w.startswith("-") and w[1:2] != "-" and w.endswith("O-") for w in cmd.args)


def _unpacked(cmd: Command) -> bool:
    nxt = cmd.pipes_into
    while nxt is not None:
        if nxt.name in _EXTRACTORS:
            return True
        nxt = nxt.pipes_into
    return False
