"""A URL in the Dockerfile carries a user name and password.

## What it checks
URLs of the form `scheme://user:password@host` anywhere in an instruction: `RUN curl`, `wget`,
`git clone` and `pip install --index-url` commands (heredoc scripts included), `ADD` sources,
`ENV`, `ARG` and `LABEL` values. A password that is a variable (`https://ci:${TOKEN}@…`) is
reported too: the expanded URL still ends up in the layer (a `.git/config`, a package manager
cache) or the image configuration. `anonymous` logins are not reported.

## Why it matters
Whatever is written in the Dockerfile is in the repository and the image history, and `ENV`
values are in the image configuration for anyone who can pull it. `git clone` stores the URL,
password included, in `.git/config`; package managers write it to their caches and logs. The
credential leaks wherever the Dockerfile or the image goes.

## Example
```dockerfile
RUN git clone https://deploy:s3cr3t@git.example.com/acme/app.git
ENV DATABASE_URL=postgres://app:s3cr3t@db:5432/app
```

## Fix
Keep the credential out of the URL: mount it as a build secret for the one command that needs
it, and pass run-time connection strings to the container from a Secret:
```dockerfile
RUN --mount=type=secret,id=git_token \
    git -c "http.extraHeader=Authorization: Bearer $(cat /run/secrets/git_token)" \
        clone https://git.example.com/acme/app.git
```

## References
- https://docs.docker.com/build/building/secrets/
- https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction

RULE = Rule(
    code="DF403",
    name="credentials-in-url",
    severity=Severity.HIGH,
    category="security",
    summary="A URL in the Dockerfile carries a user name and password",
    targets=("dockerfile",),
    references=("https://docs.docker.com/build/building/secrets/",),
)

# scheme://user:password@host — user and password without '/', '@', whitespace or quotes
_CREDENTIAL_URL = re.compile(
    r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*)://"
    r"(?P<user>[^\s/@:'\"`]*):(?P<password>[^\s/@'\"`]+)@(?P<host>[^\s/@:'\"`?#]+)"
)
_ANONYMOUS = frozenset({"anonymous", "ftp"})


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instruction in dockerfile.doc.walk():
        if instruction.keyword == "ONBUILD":
            continue  # its wrapped instruction follows in walk()
        for text, base in _texts(instruction):
            for match in _CREDENTIAL_URL.finditer(text):
                if match.group("user").lower() in _ANONYMOUS:
                    continue
                yield dockerfile.finding(
                    RULE,
                    f"{instruction.keyword} has a URL with a password "
                    f"(`{_masked(match)}`): it is kept in the repository and the image history, "
                    f"and tools store it in the layer; pass the credential as a build secret "
                    f"(RUN --mount=type=secret) or at run time instead",
                    _userinfo_span(instruction, base, match),
                )


def _texts(instruction: Instruction) -> Iterator[tuple[str, int]]:
    """The instruction's arguments and each heredoc body, with their offsets in ``args``
    coordinates (heredoc bodies lie past the end of ``args``)."""
    yield instruction.args, 0
    for heredoc in instruction.heredocs:
        yield heredoc.body, heredoc.offset


def _masked(match: re.Match[str]) -> str:
    return f"{match.group('scheme')}://{match.group('user')}:***@{match.group('host')}"


def _userinfo_span(instruction: Instruction, base: int, match: re.Match[str]) -> Span:
    """The `user:password` part of the URL."""
    start = base + match.start("user")
    end = base + match.end("password")
    return instruction.locate(start, end)
