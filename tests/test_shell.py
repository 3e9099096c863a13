"""Shell command model: commands, flags, prefixes, pipes, nesting, fallback."""

from __future__ import annotations

import sys

import pytest

from seawall.parse.shell import (
    Command,
    _bashlex_parse,
    _tokenize,
    parse_shell,
    script_from_argv,
    unquote,
)


def names(script: str) -> list[str]:
    return [c.name for c in parse_shell(script)]


def only(script: str) -> Command:
    (cmd,) = parse_shell(script).commands
    return cmd


def test_operators_split_commands() -> None:
    s = parse_shell("a 1 && b 2 || c; d | e & f\ng")
    assert [c.name for c in s] == ["a", "b", "c", "d", "e", "f", "g"]
    assert [c.next_op for c in s] == ["&&", "||", ";", "|", "&", None, None]
    assert s.parser == "simple" and not s.fallback and s.error is None


def test_words_are_unquoted_with_exact_spans() -> None:
    text = 'echo \'a b\' "c \\"d\\"" e\\ f "$HOME" ${X:-y}'
    cmd = only(text)
    assert cmd.args == ["a b", 'c "d"', "e f", "$HOME", "${X:-y}"]
    assert [text[s:e] for s, e in cmd.arg_spans] == [
        "'a b'",
        '"c \\"d\\""',
        "e\\ f",
        '"$HOME"',
        "${X:-y}",
    ]
    assert cmd.span == (0, len(text))
    assert cmd.program_span == (0, 4)


def test_flags() -> None:
    cmd = only("apt-get install -qy --no-install-recommends --opt=v -o Dpkg::x=1 pkg -- -z")
    assert cmd.flags == frozenset({"-qy", "-q", "-y", "--no-install-recommends", "--opt", "-o"})
    assert cmd.has_flag("-y", "--yes") and not cmd.has_flag("-z")
    assert cmd.positionals == ["install", "Dpkg::x=1", "pkg", "-z"]
    assert cmd.subcommand == "install"
    assert cmd.option("--opt") == "v"
    assert cmd.option("-o") == "Dpkg::x=1"
    assert cmd.option("--missing") is None
    assert only("go build -ldflags=-s -o out").flags == frozenset({"-ldflags", "-o"})
    assert only("tail -5 f").flags == frozenset()  # a negative number is not a flag


def test_has_command_and_find_with_subcommands() -> None:
    s = parse_shell("apt-get update && apt-get -y -o X=1 install curl && pip3 install x")
    assert s.has_command("apt-get")
    assert s.has_command("apt-get", "install")
    assert s.has_command("apt-get", "install", "curl")
    assert not s.has_command("apt-get", "curl", "install")  # order matters
    assert not s.has_command("apt-get", "upgrade")
    assert [c.positionals for c in s.find("apt-get", "install")] == [["X=1", "install", "curl"]]
    assert s.find("pip") == [] and len(s.find("pip3", "install")) == 1
    assert only("apt-get install curl").has_args("install", "curl")


@pytest.mark.parametrize(
    ("script", "name", "prefixes", "args"),
    [
        ("sudo -u root -E apt-get install x", "apt-get", ["sudo"], ["install", "x"]),
        ("env -i A=1 B=2 /usr/bin/pip install x", "pip", ["env"], ["install", "x"]),
        ("exec gunicorn app:app", "gunicorn", ["exec"], ["app:app"]),
        ("xargs -0 -n 1 rm -f", "rm", ["xargs"], ["-f"]),
        ("nohup sudo env A=1 exec ./run.sh", "run.sh", ["nohup", "sudo", "env", "exec"], []),
        ("timeout 10 curl -f x", "curl", ["timeout"], ["-f", "x"]),
        ("gosu app node server.js", "node", ["gosu"], ["server.js"]),
        ("command -v curl", "command", [], ["-v", "curl"]),
        ("sudo", "sudo", [], []),
        ("env", "env", [], []),
    ],
)
def test_prefixes_are_seen_through(
    script: str, name: str, prefixes: list[str], args: list[str]
) -> None:
    cmd = only(script)
    assert (cmd.name, cmd.prefixes, cmd.args) == (name, prefixes, args)


def test_assignments() -> None:
    cmd = only("CGO_ENABLED=0 GOOS=linux go build")
    assert cmd.assignments == {"CGO_ENABLED": "0", "GOOS": "linux"}
    assert cmd.span == (0, 33) and cmd.program_span == (25, 27)
    env = parse_shell("env A=1 B='x y' sh -c true").commands[0]
    assert (env.name, env.assignments) == ("sh", {"A": "1", "B": "x y"})
    assert parse_shell("A=1").commands == []


def test_pipes() -> None:
    s = parse_shell("curl -fsSL https://x | tee /tmp/log | sudo bash -s -- --yes")
    curl, tee, bash = s.commands
    assert curl.pipes_into is tee and tee.pipes_into is bash
    assert bash.piped_from is tee and curl.piped_from is None
    assert bash.prefixes == ["sudo"]
    assert s.pipes_into("curl", "bash") == [(curl, bash)]
    assert s.pipes_into("curl", "tee") == [(curl, tee)]
    assert s.pipes_into("bash", "curl") == []
    assert parse_shell("curl x; sh y").pipes_into("curl", "sh") == []
    s = parse_shell("wget -qO- https://x | (cd /tmp && sh)")
    assert s.parser == "bashlex"
    assert [(a.name, b.name) for a, b in s.pipes_into("wget", "sh")] == [("wget", "sh")]


def test_redirections() -> None:
    cmd = only("ls -l 2>&1 >/dev/null < in.txt")
    assert cmd.args == ["-l"]
    assert [(r.op, r.target) for r in cmd.redirects] == [
        ("2>&", "1"),
        (">", "/dev/null"),
        ("<", "in.txt"),
    ]
    assert cmd.span == (0, 30)


def test_sh_c_scripts_are_parsed_with_offsets() -> None:
    text = "sh -c 'apt-get install -y foo && curl x | bash'"
    s = parse_shell(text, base_offset=100)
    sh, apt, curl, bash = s.commands
    assert (sh.name, sh.context, sh.depth) == ("sh", "", 0)
    assert (apt.name, apt.context, apt.depth, apt.parent) == ("apt-get", "sh -c", 1, sh)
    assert text[apt.span[0] - 100 : apt.span[1] - 100] == "apt-get install -y foo"
    assert s.pipes_into("curl", "bash") == [(curl, bash)]
    assert bash.context == "sh -c"

    s = parse_shell('bash -o pipefail -ec "wget -O- http://x | sh"')
    assert [c.name for c in s] == ["bash", "wget", "sh"]
    assert names("su -c 'apk add x' root") == ["su", "apk"]
    assert names("busybox sh -c 'ls /'") == ["busybox", "ls"]
    assert names("bash script.sh -c 'not a script'") == ["bash"]
    assert names("sh -c") == ["sh"]


def test_nested_constructs_use_bashlex() -> None:
    s = parse_shell("(cd /src && make) && echo $(id -u) `whoami` && diff <(ls a) b")
    assert s.parser == "bashlex"
    assert [(c.name, c.context) for c in s] == [
        ("cd", "subshell"),
        ("make", "subshell"),
        ("echo", ""),
        ("id", "$()"),
        ("whoami", "``"),
        ("diff", ""),
        ("ls", "<()"),
    ]
    s = parse_shell(
        "if [ -f x ]; then apt-get install -y a; fi; for i in 1 2; do echo $i; done; "
        "while read l; do rm $l; done < f; f() { curl x; }; { wget y; }"
    )
    assert [c.name for c in s] == ["[", "apt-get", "echo", "read", "rm", "curl", "wget"]


def test_heredoc_inside_a_script() -> None:
    s = parse_shell("cat <<EOF > /etc/x\nnot a command\nEOF\napk add y\n")
    assert s.parser == "bashlex"
    assert [c.name for c in s] == ["cat", "apk"]
    # bashlex rejects quoted delimiters; the fallback still skips the body
    s = parse_shell("cat <<'EOF' | sh\necho hi\nEOF\napk add y\n")
    assert s.fallback and s.error
    assert [c.name for c in s] == ["cat", "sh", "apk"]
    assert s.pipes_into("cat", "sh")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("[[ -f x ]] && apt-get install -y a", ["[[", "apt-get"]),
        ("echo $((1 + 2)) && curl x", ["echo", "curl"]),
        ("case $a in x) apk add y;; esac", ["apk"]),
        ("time make -j4", ["make"]),
        ("if [[ $x ]]; then wget -O- u | sh; fi", ["[[", "wget", "sh"]),
        ("echo 'unterminated && rm -rf /", ["echo"]),
    ],
)
def test_fallback_when_bashlex_fails(script: str, expected: list[str]) -> None:
    s = parse_shell(script)
    assert s.fallback and s.parser == "fallback"
    assert s.error
    assert [c.name for c in s] == expected


def test_fallback_keeps_pipes() -> None:
    s = parse_shell("if [[ $x ]]; then wget -O- u | sh; fi")
    assert s.fallback
    assert [(a.name, b.name) for a, b in s.pipes_into("wget", "sh")] == [("wget", "sh")]


@pytest.mark.parametrize(
    "script",
    [
        "apk update && apk upgrade && apk add --no-cache ca-certificates && rm -rf /var/cache/*",
        "set -eux; \\\n  echo $HOME ${A:-b} > /dev/null 2>&1; ls | grep x | wc -l",
        "env -i PATH=/x FOO=bar exec /usr/bin/apt-get -y install x",
        "find . -name '*.pyc' -print0 | xargs -0 -n 1 rm -f",
        "a & b; c || d",
        "echo a # comment\necho b",
        "cat foo >> bar 2> err",
        "X=1 Y='2 3' make install",
        "curl -sSL -o /tmp/x 'https://example.com/a?b=c&d=e' && sh /tmp/x",
        "pip install --no-cache-dir -r requirements.txt",
    ],
)
def test_simple_path_agrees_with_bashlex(script: str) -> None:
    fast = _tokenize(script, tolerant=False)
    full = _bashlex_parse(script)

    def shape(parsed: object) -> list[tuple[object, ...]]:
        return [
            (s.words, s.assigns, [r[:2] for r in s.redirects], s.next_op, s.start, s.end)
            for s in parsed.simples  # type: ignore[attr-defined]
        ]

    assert shape(fast) == shape(full)
    assert fast.pipelines == full.pipelines


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("plain", "plain"),
        ("'single $x \\n'", "single $x \\n"),
        ('"dq \\"x\\" \\$y \\n"', 'dq "x" $y \\n'),
        ("a\\ b", "a b"),
        ("-ldflags='-w \"-static\"'", '-ldflags=-w "-static"'),
        ("'unterminated", "unterminated"),
        ("trailing\\", "trailing"),
    ],
)
def test_unquote(raw: str, value: str) -> None:
    assert unquote(raw) == value


def test_script_from_argv() -> None:
    args = '["/bin/sh", "-c", "apt-get update && apt-get install -y x"]'
    spans = [(1, 10), (12, 16), (18, 58)]
    s = script_from_argv(["/bin/sh", "-c", "apt-get update && apt-get install -y x"], spans)
    assert s.parser == "exec"
    assert [c.name for c in s] == ["sh", "apt-get", "apt-get"]
    install = s.find("apt-get", "install")[0]
    assert args[install.span[0] : install.span[1]] == "apt-get install -y x"
    assert script_from_argv([], []).commands == []


def test_empty_and_garbage_never_raise() -> None:
    for text in [
        "",
        "   ",
        "\n\n",
        ";;",
        "|",
        "&&",
        ")",
        "'",
        '"',
        "\\",
        "$(",
        "`",
        "<<",
        "((" * 300,
    ]:
        s = parse_shell(text)
        assert isinstance(s.commands, list)


def test_results_are_cached() -> None:
    assert parse_shell("echo cached") is parse_shell("echo cached")
    assert parse_shell("echo cached", base_offset=3) is not parse_shell("echo cached")


def test_without_bashlex_the_fallback_still_finds_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "bashlex", None)  # makes `import bashlex` fail
    s = parse_shell("(cd /src && make install) | tee log  # no bashlex here")
    assert s.fallback and s.error == "bashlex is not installed"
    assert [c.name for c in s] == ["cd", "make", "tee"]
    assert [(a.name, b.name) for a, b in s.pipes_into("make", "tee")] == [("make", "tee")]
    # scripts the simple path accepts never needed bashlex
    assert parse_shell("apk add --no-cache curl # no bashlex either").parser == "simple"


def test_operands_skip_flags_and_their_values() -> None:
    script = "apt-get -o Dpkg::Options::=--force-confold -y install curl -- -weird"
    [cmd] = parse_shell(script).commands
    assert [cmd.args[i] for i in cmd.operands(frozenset({"-o"}))] == ["install", "curl", "-weird"]
    assert [cmd.args[i] for i in cmd.operands()][:1] == ["Dpkg::Options::=--force-confold"]
