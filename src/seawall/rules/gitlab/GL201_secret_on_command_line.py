"""A job prints a credential to the job log or passes it on a command line.

## What it checks
Every command of a job's `before_script`, `script` and `after_script` (inherited lines
included) that uses a variable holding a credential: a name with a secret word (`PASSWORD`,
`TOKEN`, `SECRET`, `API_KEY`, `CREDENTIALS`...) or kubeconfig contents (`KUBE_CONFIG_*`),
unless the pipeline declares it with a value that is plainly not one (a file path such as
`KUBECONFIG: /tmp/kubeconfig`). Reported:

- `echo $SECRET` / `printf` whose output goes to the job log (not into a pipe or a file);
- a credential in a program's arguments: `docker login -p $PASS`, `curl -u user:$TOKEN`,
  `--password $X`, a token in a URL or header (`curl -H "JOB-TOKEN: $CI_JOB_TOKEN" …`, what
  Checkov's CKV_GITLABCI_1 looks for);
- `set -x` (or `set -o xtrace`) in a job that uses credentials afterwards.

A variable given to a program that reads a file (`cat $X`, `--kubeconfig $X`, `--key $X`) is
taken for a variable of type File, which holds a path, and is not reported. seawall cannot see
the types of variables set in the project settings; a finding about a File variable used
elsewhere can be suppressed.

Passing the value on standard input (`echo $X | docker login --password-stdin`) or in an
environment variable is not reported; shell builtins (`export`, `test`) start no process.

## Why it matters
GitLab masks a variable in the log only when it is marked masked and its value can be masked
(one line, no spaces, eight characters or more); a decoded or transformed value is never masked.
Job logs are readable by everyone with access to the pipeline, often long after the job.
Arguments are visible to every process on the runner host (`ps`, `/proc/*/cmdline`) and shown by
`set -x` traces, and `docker login -p` even warns about it.

## Example
```yaml
deploy:
  script:
    - docker login -u deploy -p $REGISTRY_PASSWORD registry.example.com
    - curl -u "ci:$API_TOKEN" https://api.example.com/deploy
```

## Fix
Give the credential on standard input or from a file:
```yaml
deploy:
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u deploy --password-stdin registry.example.com
    - printf 'user = "ci:%s"\n' "$API_TOKEN" | curl -K - https://api.example.com/deploy
```

## References
- https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable
- https://docs.docker.com/reference/cli/docker/login/#password-stdin
- https://docs.gitlab.com/ci/pipeline_security/
"""

from collections.abc import Iterator
from itertools import pairwise

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gitlab import Job
from seawall.model.gitlab_scripts import ParsedLine, parsed_lines, secret_variables
from seawall.parse.shell import Command

RULE = Rule(
    code="GL201",
    name="pipeline-secret-on-command-line",
    severity=Severity.HIGH,
    category="secrets",
    summary="A job prints a credential to the job log or passes it on a command line",
    targets=("gitlab-job",),
    equivalents=("CKV_GITLABCI_1",),
    references=(
        "https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable",
        "https://docs.docker.com/reference/cli/docker/login/#password-stdin",
        "https://docs.gitlab.com/ci/pipeline_security/",
    ),
)

_PRINTERS = frozenset({"echo", "printf"})
# builtins that start no process, so their words are not on any command line
_BUILTINS = frozenset(
    {"export", "local", "declare", "readonly", "test", "[", "[[", "read", "unset", "set", ":",
     "cd", "eval", "source", ".", "return", "exit", "shift", "true", "false"}
)  # fmt: skip
# a variable of type File expands to a path: as the operand of these commands or options it
# is a file name, not the credential
_FILE_READERS = frozenset({"cat", "base64", "cp", "mv", "chmod", "rm", "ls", "stat", "head"})
_FILE_OPTIONS = frozenset(
    {"--kubeconfig", "--key", "--cert", "--cacert", "--key-file", "--password-file",
     "--identity-file", "-i", "--tlscacert", "--tlscert", "--tlskey", "--netrc-file", "-K",
     "--config"}
)  # fmt: skip
_ADVICE = {
    "docker": 'use `echo "$X" | docker login --password-stdin`',
    "curl": "read it from a file or standard input (`curl -K -`, `-H @file`, `--netrc-file`)",
}


def check(job: Job, ctx: RuleContext) -> Iterator[Finding]:
    lines = list(parsed_lines(job))
    for parsed in lines:
        for cmd in parsed.script.commands:
            found = _problem(job, cmd)
            if found is not None:
                message, severity = found
                yield job.finding(
                    RULE,
                    message,
                    *parsed.line.path,
                    span=parsed.span_of(cmd),
                    severity=severity,
                )
    yield from _traced(job, lines)


def _problem(job: Job, cmd: Command) -> tuple[str, Severity] | None:
    if cmd.name in _BUILTINS or cmd.context == "sh -c":
        return None
    if cmd.name in _FILE_READERS:
        return None
    words = [w for i, w in enumerate(cmd.args) if i == 0 or cmd.args[i - 1] not in _FILE_OPTIONS]
    secrets = sorted({s for word in words for s in secret_variables(job, word)})
    if not secrets:
        return None
    shown = ", ".join(f"${s}" for s in secrets)
    if cmd.name in _PRINTERS:
        if cmd.pipes_into is not None or any(
            r.op.lstrip("1").startswith(">") for r in cmd.redirects
        ):
            return None
        return (
            f"`{cmd.name}` prints {shown} to the job log: masking misses transformed or "
            "unmaskable values and the log is kept; do not print credentials (pipe them to the "
            "program that needs them)",
            RULE.severity,
        )
    advice = _ADVICE.get(cmd.name, "pass it in an environment variable, a file or on stdin")
    return (
        f"`{cmd.name}` gets {shown} on its command line, visible to every process on the runner "
        f"and in shell traces; {advice}",
        Severity.MEDIUM,
    )


def _traced(job: Job, lines: list[ParsedLine]) -> Iterator[Finding]:
    for index, parsed in enumerate(lines):
        for cmd in parsed.script.commands:
            if cmd.name != "set" or not _enables_trace(cmd):
                continue
            later = sorted({s for p in lines[index:] for s in secret_variables(job, p.line.text)})
            if later:
                shown = ", ".join(f"${s}" for s in later)
                yield job.finding(
                    RULE,
                    f"`set -x` traces every later command with its expanded values into the job "
                    f"log, and this job uses {shown} afterwards; drop `set -x` or turn it off "
                    "(`set +x`) around commands that use credentials",
                    *parsed.line.path,
                    span=parsed.span_of(cmd),
                )


def _enables_trace(cmd: Command) -> bool:
    args = cmd.args
    if any(a.startswith("-") and not a.startswith("--") and "x" in a for a in args):
        return True
    return any(a == "-o" and b == "xtrace" for a, b in pairwise(args))
