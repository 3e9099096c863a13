"""A downloaded script is run straight from the network (`curl … | sh`).

## What it checks
`RUN` instructions where the output of `curl` or `wget` is executed without being stored and
checked first:

- piped into a shell or interpreter (`sh`, `bash`, `python`, `perl`, `ruby`, `node`, `php`),
  directly or through other commands (`curl … | tee log | sh`), also under `sudo`;
- given to one as a process or command substitution: `bash <(curl …)`,
  `sh -c "$(curl …)"`, `eval "$(curl …)"`, `. <(wget -O- …)`.

An interpreter that reads the piped data as *data* is not reported: `python3 -c '…'`,
`python3 -m json.tool`, `perl -ne '…'`, `sh -c '…'`, or one given a script file to run.

## Why it matters
The build runs whatever the server returns at that moment, as root, with the build's network and
secrets at hand: nothing in the Dockerfile says which script that was, nothing checks it, and a
compromised or hijacked download site compromises every image built afterwards (the Codecov
bash-uploader breach worked exactly this way). Without `set -o pipefail` a failed or truncated
download can even run half a script and let the build succeed.

## Example
```dockerfile
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
```

## Fix
Download to a file, check it against a checksum you pinned (or a signature), then run it; better,
install from the distribution's packages or copy the binary from an official image:
```dockerfile
ARG SETUP_SHA256=<sha256 of the reviewed script>
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \
    && echo "${SETUP_SHA256}  /tmp/setup.sh" | sha256sum -c - \
    && bash /tmp/setup.sh && rm /tmp/setup.sh
```

## References
- https://docs.docker.com/build/building/best-practices/#using-pipes
- https://about.codecov.io/apr-2021-post-mortem/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction
from seawall.parse.shell import Command
from seawall.policy.remote_scripts import remote_runs

RULE = Rule(
    code="DF305",
    name="curl-pipe-shell",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A downloaded script is run straight from the network",
    targets=("dockerfile",),
    references=("https://docs.docker.com/build/building/best-practices/#using-pipes",),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr in dockerfile.instructions("RUN"):
        script = instr.script()
        if script is None:
            continue
        for run in remote_runs(script, _coordinates_text(instr)):
            span = instr.locate(run.start, run.end)
            yield dockerfile.finding(RULE, _message(run.download, run.runner, run.how), span)


def _message(download: Command, runner: Command, how: str) -> str:
    return (
        f"the output of `{download.name}` {how} straight to `{runner.name}`: the build runs "
        "whatever the server sends, unchecked and unpinned; download to a file, verify a pinned "
        "sha256 (or a signature), then run it"
    )


def _coordinates_text(instr: Instruction) -> str:
    """The text that offsets of ``instr.script()`` index: ``args``, then each heredoc body."""
    text = instr.args
    for heredoc in instr.heredocs:
        if heredoc.offset >= len(text):
            text = text.ljust(heredoc.offset) + heredoc.body
    return text
