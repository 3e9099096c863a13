"""GitLab CI pipelines: includes, default, inherit, extends, !reference, variables, positions."""

from __future__ import annotations

from pathlib import Path

from seawall.engine.load import InputReporter
from seawall.engine.run import ScanOptions, load_workspace
from seawall.model.gitlab import Job, Pipeline
from seawall.model.gitlab_vars import expand, per_run_reference

EXAMPLE = Path(__file__).parent.parent / "examples" / "reference-platform" / "ci"


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _pipelines(folder: Path, files: dict[str, str]) -> list[Pipeline]:
    _write(folder, files)
    return load_workspace(["."], ScanOptions(), InputReporter({}), cwd=folder).pipelines


def _pipeline(folder: Path, files: dict[str, str]) -> Pipeline:
    pipelines = _pipelines(folder, files)
    assert len(pipelines) == 1, pipelines
    return pipelines[0]


def _job(pipeline: Pipeline, name: str) -> Job:
    job = pipeline.job(name)
    assert job is not None, pipeline
    return job


def _where(job: Job, *path: str | int) -> tuple[str, int]:
    origin = job.origin(*path)
    assert origin is not None
    return origin.source.display, origin.line


def _problems(pipeline: Pipeline) -> list[str]:
    return [p.message for p in pipeline.problems]


# --------------------------------------------------------------------------- includes


def test_include_string_list_and_mapping_forms(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include: ci/a.yml\ntest:\n  script: make\n",
            "ci/a.yml": "include:\n  - ci/b.yml\n  - local: /ci/c.yml\na:\n  script: a\n",
            "ci/b.yml": "b:\n  script: b\n",
            "ci/c.yml": "c:\n  script: c\n",
        },
    )
    assert [j.name for j in pipeline.jobs] == ["b", "c", "a", "test"]
    assert [f.source.display for f in pipeline.files] == [
        ".gitlab-ci.yml",
        "ci/a.yml",
        "ci/b.yml",
        "ci/c.yml",
    ]
    assert all(i.resolved and i.kind == "local" for i in pipeline.includes)
    assert _where(_job(pipeline, "c"), "script") == ("ci/c.yml", 2)
    assert not pipeline.problems


def test_include_globs(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: 'ci/*.yml'\n  - local: 'jobs/**.yml'\n",
            "ci/one.yml": "one:\n  script: x\n",
            "ci/deeper/skip.yml": "skip:\n  script: x\n",
            "jobs/two.yml": "two:\n  script: x\n",
            "jobs/sub/three.yml": "three:\n  script: x\n",
        },
    )
    assert sorted(j.name for j in pipeline.jobs) == ["one", "three", "two"]


def test_including_file_overrides_included_values(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": (
                "include: ci/base.yml\ntest:\n  variables:\n    B: mine\n  script: [mine]\n"
            ),
            "ci/base.yml": (
                "test:\n  variables:\n    A: base\n    B: base\n  script: [theirs, more]\n"
            ),
        },
    )
    job = _job(pipeline, "test")
    assert job.data["variables"] == {"A": "base", "B": "mine"}
    assert job.data["script"] == ["mine"]  # lists are replaced
    assert _where(job, "variables", "A") == ("ci/base.yml", 3)
    assert _where(job, "variables", "B") == (".gitlab-ci.yml", 4)


def test_missing_include_cycle_and_remote_includes(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": (
                "include:\n"
                "  - local: ci/gone.yml\n"
                "  - local: ci/a.yml\n"
                "  - remote: https://example.com/x.yml\n"
                "  - project: group/templates\n"
                "    ref: main\n"
                "    file: /build.yml\n"
                "  - template: Jobs/SAST.gitlab-ci.yml\n"
                "  - component: gitlab.com/org/comp/lint@1.2.0\n"
                "test:\n  script: make\n"
            ),
            "ci/a.yml": "include: ci/b.yml\n",
            "ci/b.yml": "include: ci/a.yml\n",
        },
    )
    messages = _problems(pipeline)
    assert any("ci/gone.yml" in m and "names no file" in m for m in messages)
    assert any("include cycle" in m for m in messages)
    cycle = next(p for p in pipeline.problems if "cycle" in p.message)
    assert cycle.source.display == "ci/b.yml"
    assert pipeline.problems[0].span.line == 2
    remote = [(i.kind, i.target, i.ref, i.resolved) for i in pipeline.includes if i.kind != "local"]
    assert remote == [
        ("remote", "https://example.com/x.yml", None, False),
        ("project", "group/templates:/build.yml", "main", False),
        ("template", "Jobs/SAST.gitlab-ci.yml", None, False),
        ("component", "gitlab.com/org/comp/lint", "1.2.0", False),
    ]


def test_included_file_is_not_a_pipeline_of_its_own(tmp_path: Path) -> None:
    pipelines = _pipelines(
        tmp_path,
        {
            ".gitlab-ci.yml": "include: ci/build.gitlab-ci.yml\ntest:\n  script: make\n",
            "ci/build.gitlab-ci.yml": "build:\n  script: make\n",
        },
    )
    assert [p.source.display for p in pipelines] == [".gitlab-ci.yml"]


# --------------------------------------------------------------------------- default, inherit


DEFAULTS = """\
image: legacy:1
before_script:
  - echo legacy
default:
  image: alpine:3.20
  retry: 2
variables:
  GLOBAL: g
  OTHER: o
plain:
  script: x
own:
  image: own:1
  script: x
none:
  inherit:
    default: false
    variables: false
  script: x
some:
  inherit:
    default: [retry]
    variables: [OTHER]
  script: x
"""


def test_default_and_legacy_globals_and_inherit(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, {".gitlab-ci.yml": DEFAULTS})
    plain, own = _job(pipeline, "plain"), _job(pipeline, "own")
    assert plain.get("image") == "alpine:3.20"  # default: wins over the legacy global
    assert plain.get("before_script") == ["echo legacy"]
    assert plain.get("retry") == 2
    assert _where(plain, "image") == (".gitlab-ci.yml", 5)
    assert own.get("image") == "own:1"
    none = _job(pipeline, "none")
    assert "image" not in none.data and "retry" not in none.data
    assert none.variables == {}
    some = _job(pipeline, "some")
    assert "image" not in some.data and some.get("retry") == 2
    assert list(some.variables) == ["OTHER"]
    assert [j.name for j in pipeline.jobs] == ["plain", "own", "none", "some"]


# --------------------------------------------------------------------------- extends


EXTENDS = """\
include: ci/templates.yml
.base:
  image: base:1
  variables:
    A: base
    B: base
  tags: [docker]
.middle:
  extends: .base
  variables:
    B: middle
.other:
  script: [other]
  tags: [shell]
job:
  extends: [.middle, .other]
  variables:
    C: job
unknown:
  extends: .nope
  script: x
loop:
  extends: .loop-a
  script: x
.loop-a:
  extends: .loop-b
.loop-b:
  extends: .loop-a
"""


def test_extends_multi_level_list_and_deep_merge(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": EXTENDS,
            "ci/templates.yml": ".remote:\n  image: from-include:2\n",
        },
    )
    job = _job(pipeline, "job")
    assert job.get("image") == "base:1"
    assert job.data["variables"] == {"A": "base", "B": "middle", "C": "job"}
    assert job.get("tags") == ["shell"]  # the later parent wins, lists replaced
    assert job.get("script") == ["other"]
    assert _where(job, "variables", "B") == (".gitlab-ci.yml", 11)
    assert _where(job, "image") == (".gitlab-ci.yml", 3)
    messages = _problems(pipeline)
    assert any("`unknown` extends `.nope`" in m for m in messages)
    assert any("extends cycle" in m for m in messages)


def test_extends_too_deep(tmp_path: Path) -> None:
    chain = "".join(f".t{i}:\n  extends: .t{i + 1}\n" for i in range(12))
    pipeline = _pipeline(
        tmp_path, {".gitlab-ci.yml": f"{chain}.t12:\n  script: x\njob:\n  extends: .t0\n"}
    )
    assert any("more than 11 levels" in m for m in _problems(pipeline))


def test_inherited_image_points_into_included_file(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": "include: ci/base.yml\nscan:\n  extends: .base\n  script: x\n",
            "ci/base.yml": "# templates\n.base:\n  stage: test\n  image: aquasec/trivy:latest\n",
        },
    )
    job = _job(pipeline, "scan")
    assert job.source.display == ".gitlab-ci.yml"
    assert _where(job, "image") == ("ci/base.yml", 4)
    finding = job.finding(_rule(), "latest", "image", at_value=True)
    assert (finding.file, finding.span.line, finding.span.column) == ("ci/base.yml", 4, 10)


def _rule():  # type: ignore[no-untyped-def]
    from seawall.rules.gitlab.GL101_job_image_mutable_tag import RULE

    return RULE


# --------------------------------------------------------------------------- !reference


REFERENCES = """\
include: ci/setup.yml
.vars:
  variables:
    URL: https://example.com
.nested:
  script:
    - !reference [.setup, script]
    - echo nested
test:
  variables: !reference [.vars, variables]
  script:
    - !reference [.nested, script]
    - make test
  after_script:
    - !reference [.missing, script]
"""


def test_reference_tags_flatten_and_nest(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        {
            ".gitlab-ci.yml": REFERENCES,
            "ci/setup.yml": ".setup:\n  script:\n    - echo setup\n    - echo more\n",
        },
    )
    job = _job(pipeline, "test")
    assert job.get("script") == ["echo setup", "echo more", "echo nested", "make test"]
    assert job.data["variables"] == {"URL": "https://example.com"}
    lines = [(s.section, s.index, s.text, s.span.line) for s in job.script_lines()]
    assert lines == [
        ("script", 0, "echo setup", 3),
        ("script", 1, "echo more", 4),
        ("script", 2, "echo nested", 8),
        ("script", 3, "make test", 13),
    ]
    first = next(job.script_lines())
    assert first.source is not None and first.source.display == "ci/setup.yml"
    assert _where(job, *first.path) == ("ci/setup.yml", 3)
    problem = next(p for p in pipeline.problems if ".missing" in p.message)
    assert problem.span.line == 15


def test_script_lines_fold_multiline_scalars_and_before_script(tmp_path: Path) -> None:
    text = (
        "default:\n  before_script: [echo before]\n"
        "job:\n  script:\n    - docker build\n      -t x .\n    - [nested, list]\n"
        "  after_script: echo after\n"
    )
    job = _job(_pipeline(tmp_path, {".gitlab-ci.yml": text}), "job")
    assert [(s.section, s.index, s.text) for s in job.script_lines()] == [
        ("before_script", 0, "echo before"),
        ("script", 0, "docker build -t x ."),
        ("script", 1, "nested"),
        ("script", 2, "list"),
        ("after_script", 0, "echo after"),
    ]


# --------------------------------------------------------------------------- variables


def test_variables_expand_recursively_with_predefined(tmp_path: Path) -> None:
    text = (
        "variables:\n"
        "  REGISTRY: registry.company.com\n"
        "  IMAGE_NAME: $REGISTRY/$CI_PROJECT_PATH\n"
        "  RAW:\n    value: $REGISTRY\n    expand: false\n"
        "  LOOP: $LOOP-x\n"
        "job:\n"
        "  variables:\n    REGISTRY: job.example.com\n"
        "  image: $IMAGE_NAME:$CI_COMMIT_SHA\n"
        "  services: [{name: '${CI_REGISTRY_IMAGE}/db:1'}]\n"
        "  script: x\n"
    )
    job = _job(_pipeline(tmp_path, {".gitlab-ci.yml": text}), "job")
    assert (
        job.expand("$IMAGE_NAME:$CI_COMMIT_SHA")
        == "job.example.com/$CI_PROJECT_PATH:$CI_COMMIT_SHA"
    )
    assert job.expand("$RAW and $UNKNOWN and $$ESCAPED") == "$REGISTRY and $UNKNOWN and $$ESCAPED"
    assert job.expand("$LOOP").startswith("$LOOP-x")
    uses = [(u.kind, u.expanded, u.path) for u in job.images()]
    assert uses == [
        ("image", "job.example.com/$CI_PROJECT_PATH:$CI_COMMIT_SHA", ("image",)),
        ("service", "$CI_REGISTRY/$CI_PROJECT_PATH/db:1", ("services", 0, "name")),
    ]
    assert per_run_reference(uses[0][1])
    assert expand("${A}", {"A": "b"}) == "b"


# --------------------------------------------------------------------------- the seed pipeline


def test_reference_platform_pipeline_loads() -> None:
    pipelines = load_workspace(
        [EXAMPLE.name], ScanOptions(), InputReporter({}), cwd=EXAMPLE.parent
    ).pipelines
    assert len(pipelines) == 1
    pipeline = pipelines[0]
    assert not pipeline.problems
    build = _job(pipeline, "build")
    assert [u.text for u in build.images()] == ["docker:20.10.16", "docker:20.10.16-dind"]
    assert next(build.script_lines()).section == "before_script"
    test = _job(pipeline, "test")
    assert test.images()[0].expanded == "registry.company.com/$CI_PROJECT_PATH:$CI_COMMIT_SHA"
