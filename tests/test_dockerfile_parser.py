"""The Dockerfile parser: directives, continuations, heredocs, forms, stages, spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawall.core.span import Span
from seawall.parse.dockerfile import (
    DockerfileDoc,
    Instruction,
    expand,
    parse_dockerfile,
)

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "dockerfiles"
EXAMPLES = HERE.parent / "examples" / "reference-platform" / "docker"


def load(name: str) -> DockerfileDoc:
    return parse_dockerfile((FIXTURES / name).read_text(encoding="utf-8"))


def at(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def text_at(doc: DockerfileDoc, span: Span) -> str:
    return doc.text[span.offset : span.end_offset]


def kinds(doc: DockerfileDoc) -> list[str]:
    return [p.kind for p in doc.problems]


# ---------------------------------------------------------------------------------------------
# The two real Dockerfiles of the reference platform


def test_reference_copies_match_the_examples() -> None:
    for name in ("Dockerfile.multi-stage", "Dockerfile.secure"):
        example = EXAMPLES / name
        if not example.exists():  # pragma: no cover - the examples ship with the repository
            pytest.skip("examples are not present")
        assert (FIXTURES / "reference" / name).read_bytes() == example.read_bytes()


def test_reference_multi_stage() -> None:
    doc = load("reference/Dockerfile.multi-stage")
    assert doc.problems == []
    assert [i.keyword for i in doc.instructions] == [
        "FROM", "WORKDIR", "RUN", "COPY", "RUN", "COPY", "RUN",
        "FROM", "COPY", "COPY", "COPY", "ENV", "USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT",
    ]  # fmt: skip
    assert len(doc.comments) == 14
    assert at(doc.comments[1].span) == (2, 1, 2, 7)

    builder, final = doc.stages
    assert (builder.index, builder.name, builder.base, builder.base_stage) == (
        0,
        "builder",
        "golang:1.21-alpine",
        None,
    )
    assert at(builder.base_span) == (3, 6, 3, 24)
    assert at(builder.name_span) == (3, 28, 3, 35)  # type: ignore[arg-type]
    assert (final.index, final.name, final.base, final.is_scratch) == (1, None, "scratch", True)
    assert at(final.base_span) == (19, 6, 19, 13)
    assert [i.stage for i in doc.instructions] == [0] * 7 + [1] * 9

    build = doc.instructions[6]
    assert at(build.span) == (14, 1, 17, 25)
    assert at(build.keyword_span) == (14, 1, 14, 4)
    assert at(build.args_span) == (14, 5, 17, 25)
    assert build.args == (
        "CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build "
        "    -ldflags='-w -s -extldflags \"-static\"' "
        "    -a -installsuffix cgo "
        "    -o main ./cmd/server"
    )
    assert build.raw.startswith("RUN CGO_ENABLED=0") and build.raw.endswith("./cmd/server")
    # a word inside the long RUN maps back to its own line
    word = build.args.index("-ldflags")
    assert at(build.locate(word, word + len("-ldflags"))) == (15, 5, 15, 13)
    script = build.script()
    assert script is not None
    (go,) = script.commands
    assert (go.name, go.subcommand) == ("go", "build")
    assert go.assignments == {"CGO_ENABLED": "0", "GOOS": "linux", "GOARCH": "amd64"}
    assert "-ldflags='-w" not in go.args and '-ldflags=-w -s -extldflags "-static"' in go.args
    assert at(build.locate(*go.span)) == (14, 5, 17, 25)

    copy = doc.instructions[8]
    assert copy.flags == {"from": "builder"}
    flag = copy.flag("from")
    assert flag is not None
    assert at(flag.span) == (21, 6, 21, 20)
    assert at(flag.value_span) == (21, 13, 21, 20)  # type: ignore[arg-type]
    assert copy.args == "/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"
    assert at(copy.args_span) == (21, 21, 21, 71)

    health = doc.instructions[14]
    assert health.flags == {
        "interval": "30s",
        "timeout": "3s",
        "start-period": "5s",
        "retries": "3",
    }
    assert health.args == 'CMD ["/main", "healthcheck"]'
    assert health.json_args == ["/main", "healthcheck"]
    assert at(health.span) == (31, 1, 32, 33)
    assert at(health.args_span) == (32, 5, 32, 33)
    assert [at(f.span) for f in health.flag_list] == [
        (31, 13, 31, 27),
        (31, 28, 31, 40),
        (31, 41, 31, 58),
        (31, 59, 31, 70),
    ]
    entry = doc.instructions[15]
    assert entry.json_args == ["/main"] and entry.exec_form
    assert at(entry.span) == (34, 1, 34, 21)


def test_reference_secure() -> None:
    doc = load("reference/Dockerfile.secure")
    assert doc.problems == []
    assert len(doc.stages) == 1 and doc.stages[0].base_resolved == "alpine:3.18"
    run = doc.instructions[2]
    assert at(run.span) == (7, 1, 12, 28)
    script = run.script()
    assert script is not None and script.parser == "simple"
    assert [(c.name, c.args) for c in script] == [
        ("apk", ["update"]),
        ("apk", ["upgrade"]),
        ("apk", ["add", "--no-cache", "ca-certificates", "dumb-init"]),
        ("rm", ["-rf", "/var/cache/apk/*"]),
    ]
    assert [at(run.locate(*c.span)) for c in script] == [
        (7, 5, 7, 15),
        (8, 5, 8, 16),
        (9, 5, 11, 18),
        (12, 5, 12, 28),
    ]
    copy = doc.instructions[4]
    assert copy.flags == {"chown": "appuser:appgroup"}
    assert at(copy.flag_list[0].span) == (16, 6, 16, 30)
    user = doc.instructions[6]
    assert (user.keyword, user.args, at(user.args_span)) == ("USER", "appuser", (19, 6, 19, 13))
    label = doc.instructions[9]
    assert [(kv.key, kv.value) for kv in label.key_values()] == [
        ("security.scan", "enabled"),
        ("security.policy", "restricted"),
        ("maintainer", "security@company.com"),
    ]
    last = label.key_values()[2]
    assert at(label.locate(last.value_start, last.value_end)) == (26, 18, 26, 40)
    assert at(label.span) == (24, 1, 26, 40)


# ---------------------------------------------------------------------------------------------
# Continuations


def test_comments_and_blank_lines_inside_continuations() -> None:
    doc = load("continuations.Dockerfile")
    assert kinds(doc) == ["empty-continuation"]
    assert at(doc.problems[0].span) == (6, 1, 6, 1)
    run = doc.instructions[1]
    assert run.args == (
        "apt-get update     && apt-get install -y         curl         ca-certificates "
        "    && rm -rf /var/lib/apt/lists/*"
    )
    assert at(run.span) == (2, 1, 8, 35)
    assert [c.text for c in doc.comments] == [
        "refresh the index first",
        "a comment line with no indentation",
    ]
    assert at(doc.comments[0].span) == (3, 5, 3, 30)
    script = run.script()
    assert script is not None
    install = script.find("apt-get", "install")[0]
    assert install.args == ["install", "-y", "curl", "ca-certificates"]
    assert install.has_flag("-y")
    # the command runs from line 4 to line 7 (blank line and comment skipped)
    assert at(run.locate(*install.span)) == (4, 8, 7, 24)
    ca = install.arg_spans[3]
    assert text_at(doc, run.locate(*ca)) == "ca-certificates"
    assert at(run.locate(*ca)) == (7, 9, 7, 24)

    label = doc.instructions[2]
    assert [(kv.key, kv.raw_value, kv.value) for kv in label.key_values()] == [
        ("a", "1", "1"),
        ("b", '"two words"', "two words"),
    ]
    assert at(label.span) == (9, 1, 11, 20)
    env = doc.instructions[3]
    assert [(kv.key, kv.value) for kv in env.key_values()] == [
        ("PATH", "/opt/bin:$PATH"),
        ("HOME", "/root"),
    ]


def test_trailing_escape_at_end_of_file() -> None:
    doc = load("continuations.Dockerfile")
    workdir = doc.instructions[-1]
    assert (workdir.keyword, workdir.args) == ("WORKDIR", "/srv")
    assert at(workdir.span) == (14, 1, 14, 13)
    # also without a final newline, and when the continuation only meets blank lines
    for text in ("FROM a\nWORKDIR /srv \\", "FROM a\nWORKDIR /srv \\\n\n   \n"):
        doc = parse_dockerfile(text)
        assert doc.instructions[-1].args == "/srv"
        assert at(doc.instructions[-1].span) == (2, 1, 2, 13)


def test_continuation_joins_text_as_written() -> None:
    doc = parse_dockerfile("FROM a\nRUN echo a\\\nb \\\t \n  c\n")
    run = doc.instructions[1]
    assert run.args == "echo ab   c"
    assert at(run.span) == (2, 1, 4, 4)
    assert [c.args for c in run.script() or []] == [["ab", "c"]]


def test_comment_lines_never_continue() -> None:
    doc = parse_dockerfile("FROM a\n# a comment \\\nRUN true\n")
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUN"]
    assert doc.comments[0].text == "a comment \\"


# ---------------------------------------------------------------------------------------------
# Heredocs


def test_heredoc_script_is_parsed_with_file_spans() -> None:
    doc = load("heredocs.Dockerfile")
    assert doc.problems == []
    assert doc.syntax == "docker/dockerfile:1"
    run = doc.instructions[1]
    assert (run.keyword, run.args) == ("RUN", "<<EOF")
    assert at(run.span) == (3, 1, 7, 4)
    (h,) = run.heredocs
    assert (h.name, h.quoted, h.strip_tabs, h.terminated) == ("EOF", False, False, True)
    assert h.body == (
        "set -e\napk add --no-cache curl\ncurl -fsSL https://example.com/install.sh | sh\n"
    )
    assert at(h.span) == (4, 1, 6, 47)
    assert at(h.marker_span) == (3, 5, 3, 10)
    assert h.marker == (0, 5)
    assert at(run.locate(h.offset, h.offset + 6)) == (4, 1, 4, 7)
    script = run.script()
    assert script is not None
    assert [c.name for c in script] == ["set", "apk", "curl", "sh"]
    (pair,) = script.pipes_into("curl", "sh")
    assert at(run.locate(*pair[0].span)) == (6, 1, 6, 42)
    assert at(run.locate(*pair[1].span)) == (6, 45, 6, 47)


def test_heredoc_strip_tabs() -> None:
    doc = load("heredocs.Dockerfile")
    run = doc.instructions[2]
    (h,) = run.heredocs
    assert (h.name, h.strip_tabs, h.quoted) == ("SCRIPT", True, False)
    assert h.body == 'echo "tab-indented"\napk add git\n'
    assert at(run.span) == (8, 1, 11, 8)
    script = run.script()
    assert script is not None
    echo, apk = script.commands
    # columns count the tabs that <<- removed from the body
    assert at(run.locate(*echo.span)) == (9, 2, 9, 21)
    assert at(run.locate(*apk.span)) == (10, 3, 10, 14)
    assert text_at(doc, run.locate(*apk.span)) == "apk add git"


def test_several_heredocs_with_quoted_delimiters() -> None:
    doc = load("heredocs.Dockerfile")
    copy = doc.instructions[3]
    conf, envfile = copy.heredocs
    assert (conf.name, conf.quoted, conf.body) == ("CONF", True, "listen = $PORT\n")
    assert (envfile.name, envfile.quoted, envfile.body) == ("ENVFILE", True, "MODE=prod\n")
    assert at(conf.span) == (13, 1, 13, 15)
    assert at(envfile.span) == (15, 1, 15, 10)
    assert at(conf.marker_span) == (12, 6, 12, 14)
    assert at(envfile.marker_span) == (12, 15, 12, 26)
    assert at(copy.span) == (12, 1, 16, 8)
    assert copy.script() is None  # COPY bodies are files, not commands
    assert [w.text for w in copy.words()] == ["<<'CONF'", '<<"ENVFILE"', "/etc/app/"]


def test_heredoc_fed_to_another_program_is_not_shell() -> None:
    doc = load("heredocs.Dockerfile")
    python = doc.instructions[4]
    assert python.heredocs[0].body == "import os\nprint(os.getuid())\n"
    script = python.script()
    assert script is not None
    (cmd,) = script.commands
    assert cmd.name == "python3"
    assert [(r.op, r.target) for r in cmd.redirects] == [(">", "/tmp/out.txt")]

    mixed = doc.instructions[5]
    a, b = mixed.heredocs
    assert (a.name, b.name) == ("A", "B")
    script = mixed.script()
    assert script is not None
    # the body fed to `cat` is data; the one fed to `sh` is a script
    assert [c.name for c in script] == ["cat", "sh", "wget", "sh"]
    assert script.pipes_into("wget", "sh")
    assert at(mixed.span) == (21, 1, 25, 2)


def test_things_that_look_like_heredocs_but_are_not() -> None:
    doc = load("heredocs.Dockerfile")
    quoted, exec_form = doc.instructions[6], doc.instructions[7]
    assert quoted.heredocs == [] and at(quoted.span) == (26, 1, 26, 51)
    assert exec_form.heredocs == [] and exec_form.json_args == ["cat", "<<EOF"]
    assert len(doc.instructions) == 8


def test_unterminated_heredoc() -> None:
    doc = load("unterminated-heredoc.Dockerfile")
    assert kinds(doc) == ["unterminated-heredoc"]
    problem = doc.problems[0]
    assert at(problem.span) == (2, 5, 2, 10)
    assert "line 4" in problem.message
    (run,) = doc.instructions[1:]
    (h,) = run.heredocs
    assert not h.terminated
    assert h.body == "echo never closed\nEOF \nUSER nobody\n"
    assert at(run.span) == (2, 1, 5, 12)


def test_heredoc_with_crlf_line_endings() -> None:
    doc = parse_dockerfile("FROM a\r\nRUN <<EOF\r\napt-get update\r\nEOF\r\nUSER x\r\n")
    run = doc.instructions[1]
    assert run.heredocs[0].body == "apt-get update\n"
    assert at(run.span) == (2, 1, 4, 4)
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUN", "USER"]


# ---------------------------------------------------------------------------------------------
# Directives and the escape character


def test_windows_escape_directive() -> None:
    doc = load("windows.Dockerfile")
    assert doc.problems == []
    assert doc.escape == "`"
    assert at(doc.directives["escape"].span) == (1, 1, 1, 11)
    copy = doc.instructions[1]
    assert copy.args == "testfile.txt c:\\"  # a trailing backslash is a path here
    assert at(copy.span) == (4, 1, 4, 22)
    dir_run = doc.instructions[2]
    assert dir_run.args == "dir c:\\ ;     echo done"
    assert at(dir_run.span) == (5, 1, 6, 14)
    # the default shell of a Windows image is cmd, not sh: no POSIX parse
    assert dir_run.shell == ("cmd", "/S", "/C") and dir_run.script() is None
    shell = doc.instructions[3]
    assert shell.json_args == ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
    run = doc.instructions[4]
    assert run.shell[0] == "powershell" and run.script() is None
    env = doc.instructions[5]
    assert [(kv.key, kv.value) for kv in env.key_values()] == [
        ("GREETING", "$HOME"),
        ("APP", "c:\\app"),
    ]


def test_directives_are_case_insensitive_and_only_at_the_top() -> None:
    doc = load("directives.Dockerfile")
    assert doc.problems == []
    assert {k: d.value for k, d in doc.directives.items()} == {
        "syntax": "docker/dockerfile:1.4",
        "escape": "`",
        "check": "skip=all",
    }
    assert doc.check == "skip=all"
    assert at(doc.directives["syntax"].value_span) == (1, 12, 1, 33)
    # `# escape=\` after an ordinary comment is a comment, so the backtick stays in force
    assert doc.escape == "`"
    assert doc.comments[-1].text == "escape=\\"
    run = doc.instructions[1]
    assert run.args == "echo one     two"


@pytest.mark.parametrize(
    ("text", "escape", "problems"),
    [
        ("\n# escape=`\nFROM a\n", "\\", []),  # after a blank line: a comment
        ("FROM a\n# escape=`\n", "\\", []),
        ("# escape=`\n# escape=\\\nFROM a\n", "`", ["duplicate-directive"]),
        ("# escape=x\nFROM a\n", "\\", ["invalid-directive"]),
        ("# unknown=1\n# escape=`\nFROM a\n", "\\", []),
        ("# escape = ` \nFROM a\n", "`", []),
    ],
)
def test_directive_placement(text: str, escape: str, problems: list[str]) -> None:
    doc = parse_dockerfile(text)
    assert doc.escape == escape
    assert kinds(doc) == problems


# ---------------------------------------------------------------------------------------------
# ARG, FROM and variable substitution


def test_arg_before_from_with_defaults() -> None:
    doc = load("arg-from.Dockerfile")
    assert doc.problems == []
    assert doc.global_args == {
        "BASE_REGISTRY": "docker.io",
        "NODE_VERSION": "20",
        "VARIANT": None,
        "TAG_SUFFIX": "",
        "BUILDER": "docker.io/library/node:20",
    }
    assert [i.stage for i in doc.instructions[:5]] == [-1] * 5
    deps, runtime, unknown, quoted = doc.stages
    assert (deps.name, deps.base, deps.base_resolved) == (
        "deps",
        "${BUILDER}",
        "docker.io/library/node:20",
    )
    assert deps.platform == "$BUILDPLATFORM"
    assert at(deps.platform_span) == (6, 6, 6, 31)  # type: ignore[arg-type]
    assert at(deps.base_span) == (6, 32, 6, 42)
    assert at(deps.name_span) == (6, 46, 6, 50)  # type: ignore[arg-type]
    assert runtime.base_resolved == "node:20-alpine"
    assert runtime.unresolved == ()
    assert (unknown.base_resolved, unknown.unresolved) == ("/app:", ("MISSING", "VARIANT"))
    assert quoted.base_resolved == "$NODE_VERSION"  # single quotes keep the text literal
    copy = doc.instructions[10]
    assert copy.flags == {"chown": "${APP_USER}:${APP_USER}"}
    run = doc.instructions[11]
    assert run.flags == {"mount": "type=cache,target=/root/.npm"}
    assert run.args == "npm ci --omit=dev"
    assert at(run.args_span) == (12, 42, 12, 59)


@pytest.mark.parametrize(
    ("text", "value", "unresolved"),
    [
        ("${A:-x}", "a", ()),
        ("${E:-x}", "x", ()),
        ("${E-x}", "", ()),
        ("${U-x}", "x", ()),
        ("${A:+y}", "y", ()),
        ("${E:+y}", "", ()),
        ("${E+y}", "y", ()),
        ("${U:+y}", "", ()),
        ("$A/$U/${A}", "a//a", ("U",)),
        ("${U:-${A}-${B:-b}}", "a-b", ()),
        ("\\$A \\${A}", "$A ${A}", ()),
        ('\'$A\' "$A" "\\$A"', "$A a $A", ()),
        ("${P#*/}", "library/node:20", ()),
        ("${P##*/}", "node:20", ()),
        ("${P%:*}", "docker.io/library/node", ()),
        ("${P%%/*}", "docker.io", ()),
        ("${U:?required}", "", ("U",)),
        ("$", "$", ()),
        ("$1 ${", "$1 ${", ()),
        ("a b\\ c", "a b c", ()),
    ],
)
def test_expand(text: str, value: str, unresolved: tuple[str, ...]) -> None:
    variables = {"A": "a", "E": "", "P": "docker.io/library/node:20"}
    result = expand(text, variables)
    assert (result.value, result.unresolved) == (value, unresolved)


def test_expand_with_backtick_escape_and_without_variables() -> None:
    assert expand("`$A $A c:\\x", {"A": "1"}, escape="`").value == "$A 1 c:\\x"
    assert expand("\"${A:-x}\" 'b'", None).value == "${A:-x} b"


# ---------------------------------------------------------------------------------------------
# ONBUILD, JSON forms, problems, case


def test_onbuild_wraps_a_full_instruction() -> None:
    doc = load("onbuild.Dockerfile")
    assert kinds(doc) == ["invalid-onbuild", "invalid-onbuild", "missing-arguments"]
    assert [at(p.span) for p in doc.problems] == [(7, 9, 7, 16), (8, 9, 8, 13), (9, 1, 9, 8)]
    copy_trigger = doc.instructions[1]
    inner = copy_trigger.onbuild
    assert isinstance(inner, Instruction)
    assert (copy_trigger.keyword, inner.keyword, inner.args) == (
        "ONBUILD",
        "COPY",
        "requirements.txt /app/",
    )
    assert inner.flags == {"chown": "app"}
    assert at(inner.span) == (2, 9, 2, 48)
    assert at(inner.keyword_span) == (2, 9, 2, 13)
    assert at(inner.flag_list[0].span) == (2, 14, 2, 25)
    assert inner.index == -1 and inner.stage == 0
    run = doc.instructions[2].onbuild
    assert run is not None
    script = run.script()
    assert script is not None and script.has_command("pip", "install")
    # lower-case ONBUILD RUN with a heredoc
    heredoc_trigger = doc.instructions[3]
    assert heredoc_trigger.keyword == "ONBUILD" and at(heredoc_trigger.span) == (4, 1, 6, 4)
    inner = heredoc_trigger.onbuild
    assert inner is not None and inner.keyword == "RUN"
    assert inner.heredocs[0].body == "pip check\n"
    assert heredoc_trigger.heredocs[0].body == "pip check\n"
    script = inner.script()
    assert script is not None
    (pip,) = script.commands
    assert at(inner.locate(*pip.span)) == (5, 1, 5, 10)
    assert heredoc_trigger.script() is None
    assert [i.keyword for i in doc.walk()].count("ONBUILD") == 7


def test_json_and_shell_forms() -> None:
    doc = load("json-forms.Dockerfile")
    assert kinds(doc) == ["invalid-json", "invalid-json", "shell-not-json", "invalid-json"]
    assert [at(p.span) for p in doc.problems] == [
        (3, 12, 3, 29),
        (6, 5, 6, 23),
        (7, 7, 7, 19),
        (10, 5, 10, 20),
    ]
    cmd = doc.instructions[1]
    assert cmd.json_args == ["echo", 'say "hi"', "C:\\path"]
    script = cmd.script()
    assert script is not None and script.parser == "exec"
    (echo,) = script.commands
    assert echo.args == ['say "hi"', "C:\\path"]
    # invalid JSON runs as shell form
    entry = doc.instructions[2]
    assert entry.json_args is None and not entry.exec_form
    test_run = doc.instructions[3]
    assert test_run.json_args is None  # `[ -f … ]` is a test command, not broken JSON
    script = test_run.script()
    assert script is not None and [c.name for c in script] == ["[", "cat"]
    sh_c = doc.instructions[4]
    script = sh_c.script()
    assert script is not None
    assert [(c.name, c.context) for c in script] == [
        ("sh", ""),
        ("apk", "sh -c"),
        ("curl", "sh -c"),
        ("sh", "sh -c"),
    ]
    curl = script.find("curl")[0]
    assert text_at(doc, sh_c.locate(*curl.span)) == "curl -fsSL https://x"
    assert at(sh_c.locate(*curl.span)) == (5, 40, 5, 60)
    assert script.pipes_into("curl", "sh")
    health = doc.instructions[7]
    assert (health.keyword, health.args, health.script()) == ("HEALTHCHECK", "NONE", None)
    volume = doc.instructions[8]
    assert volume.json_args == ["/data", "/logs"]


def test_parse_problems_have_spans() -> None:
    doc = load("problems.Dockerfile")
    assert [(p.kind, at(p.span)) for p in doc.problems] == [
        ("invalid-directive", (1, 10, 1, 11)),
        ("instruction-before-from", (2, 1, 2, 6)),
        ("invalid-stage-name", (3, 21, 3, 25)),
        ("duplicate-stage-name", (5, 21, 5, 24)),
        ("unknown-instruction", (6, 1, 6, 5)),
        ("unknown-flag", (7, 6, 7, 16)),
        ("missing-arguments", (8, 1, 8, 7)),
        ("invalid-from", (9, 6, 9, 23)),
    ]
    assert doc.instructions[0].stage == -1
    assert doc.instructions[4].keyword == "RUNN"


def test_no_from_at_all() -> None:
    doc = parse_dockerfile("RUN echo hi\n")
    assert kinds(doc) == ["instruction-before-from", "missing-from"]
    assert doc.stages == []
    assert parse_dockerfile("").instructions == []
    assert parse_dockerfile("").problems == []


def test_instructions_and_stage_names_are_case_insensitive() -> None:
    doc = load("lowercase.Dockerfile")
    assert doc.problems == []
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUN", "FROM", "COPY", "USER", "CMD"]
    builder, final = doc.stages
    assert builder.name == "Builder" and builder.key == "builder"
    assert final.base_stage == 0
    assert doc.stage_named("BUILDER") is builder
    assert doc.resolve_stage("BUILDER", current=1) is builder
    assert doc.resolve_stage("0", current=1) is builder
    assert doc.resolve_stage("builder", current=0) is None
    assert doc.resolve_stage("alpine:3.20") is None
    user = doc.instructions[4]
    assert at(user.span) == (5, 3, 5, 13)
    assert at(user.keyword_span) == (5, 3, 5, 7)
    assert at(user.args_span) == (5, 10, 5, 13)
    cmd = doc.instructions[5]
    script = cmd.script()
    assert script is not None and script.pipes_into("echo", "tee")


# ---------------------------------------------------------------------------------------------
# Robustness and invariants

_FIXTURE_NAMES = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", _FIXTURE_NAMES)
def test_spans_stay_inside_the_text(name: str) -> None:
    doc = load(name)
    n = len(doc.text)
    for instr in doc.walk():
        spans = [instr.span, instr.keyword_span, instr.args_span]
        spans += [f.span for f in instr.flag_list]
        spans += [h.span for h in instr.heredocs] + [h.marker_span for h in instr.heredocs]
        for span in spans:
            assert 0 <= span.offset <= span.end_offset <= n
            assert (span.line, span.column) <= (span.end_line, span.end_column)
        assert text_at(doc, instr.keyword_span).upper() == instr.keyword
        # single-line words map to exactly their own text
        for word in instr.words():
            span = instr.locate(word.start, word.end)
            if span.line == span.end_line:
                assert text_at(doc, span) == word.text
        script = instr.script()
        for cmd in script or []:
            span = instr.locate(*cmd.span)
            assert instr.span.offset <= span.offset <= span.end_offset <= instr.span.end_offset


@pytest.mark.parametrize("name", _FIXTURE_NAMES)
def test_crlf_and_bom_give_the_same_positions(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    lf = parse_dockerfile(text)
    crlf = parse_dockerfile(text.replace("\n", "\r\n"))
    bom = parse_dockerfile("\ufeff" + text)

    def positions(doc: DockerfileDoc) -> list[tuple[str, str, int, int, int, int]]:
        return [(i.keyword, i.args, *at(i.span)[:2], *at(i.args_span)[:2]) for i in doc.walk()]

    assert positions(crlf) == positions(lf)
    assert [(i.keyword, i.args) for i in bom.walk()] == [(i.keyword, i.args) for i in lf.walk()]
    assert [p.kind for p in crlf.problems] == [p.kind for p in lf.problems]


@pytest.mark.parametrize("name", _FIXTURE_NAMES)
def test_never_raises_on_any_prefix(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for end in range(len(text)):
        doc = parse_dockerfile(text[:end])
        assert "internal-error" not in kinds(doc)
        for instr in doc.walk():
            instr.script()


@pytest.mark.parametrize(
    "text",
    [
        "\\",
        "`",
        "FROM",
        "FROM a AS",
        "RUN <<",
        "RUN <<''",
        "RUN <<EOF",
        "ONBUILD ONBUILD",
        "FROM a\nRUN --mount",
        "FROM a\nCOPY --from= x y",
        "FROM ${",
        "FROM ${A:-${B",
        "ARG A=${A}\nFROM $A",
        "FROM a\nHEALTHCHECK CMD",
        'FROM a\nRUN ["a"',
        "FROM a\nRUN '",
        "\x00\x01\x02",
        "#\n#\n",
        "FROM a\nRUN " + "(" * 2000,
        "FROM a\nRUN " + "$(" * 500,
    ],
)
def test_never_raises_on_garbage(text: str) -> None:
    doc = parse_dockerfile(text)
    assert "internal-error" not in kinds(doc)
    for instr in doc.walk():
        instr.script()
        instr.key_values()
