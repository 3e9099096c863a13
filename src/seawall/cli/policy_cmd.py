"""``seawall policy verify``: run Gatekeeper ``gator verify`` suites without the Go toolchain.

A suite (``kind: Suite``) lists tests; each names a template and a constraint file and has
cases: an ``object`` file, optional ``inventory`` files (for ``data.inventory``) and
``assertions`` (``violations: yes|no|N`` and an optional ``message`` regex that first narrows the
violations counted). Paths are relative to the suite file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from seawall.engine.errors import UsageError
from seawall.engine.load import InputReporter
from seawall.engine.run import ScanOptions, load_workspace
from seawall.graph.graph import ResourceGraph
from seawall.model.gatekeeper import constraint_of, template_of
from seawall.model.resource import Resource
from seawall.parse.yaml import parse_yaml
from seawall.policy.gatekeeper_eval import Evaluation, evaluate
from seawall.policy.rego_engine import INSTALL_HINT, engine_available

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CaseResult:
    test: str
    case: str
    passed: bool
    reasons: tuple[str, ...]


class _Files:
    """Each referenced file read once."""

    def __init__(self) -> None:
        self._cache: dict[Path, list[Resource]] = {}

    def resources(self, path: Path) -> list[Resource]:
        if path not in self._cache:
            if not path.is_file():
                raise UsageError(f"{path}: no such file")
            workspace = load_workspace([str(path)], ScanOptions(), InputReporter({}))
            self._cache[path] = [r for r in workspace.resources if not r.is_config]
        return self._cache[path]

    def one(self, path: Path, what: str) -> Resource:
        found = self.resources(path)
        if not found:
            raise UsageError(f"{path}: holds no Kubernetes object ({what} expected)")
        return found[0]


def _expected_count(value: Any) -> str | int:
    """``yes``, ``no`` or a count; YAML 1.1 reads a bare yes/no as a boolean."""
    if value is True or value is None:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "no"):
        return text
    if text.isdigit():
        return int(text)
    raise UsageError(f"violations: {value!r} is not yes, no or a number")


def _check_assertion(assertion: Any, messages: list[str]) -> str | None:
    """Why ``assertion`` fails for violations with ``messages``, or None when it holds."""
    if not isinstance(assertion, dict):
        raise UsageError("each assertion must be a mapping")
    expected = _expected_count(assertion.get("violations"))
    pattern = assertion.get("message")
    counted = messages
    if pattern is not None:
        try:
            regex = re.compile(str(pattern))
        except re.error as error:
            raise UsageError(f"message regex {pattern!r}: {error}") from None
        counted = [m for m in messages if regex.search(m)]
    got = len(counted)
    about = f" matching /{pattern}/" if pattern is not None else ""
    if expected == "yes" and got == 0:
        return f"expected at least one violation{about}, got none"
    if expected == "no" and got:
        return f"expected no violation{about}, got {got}: {'; '.join(counted)}"
    if isinstance(expected, int) and got != expected:
        shown = f": {'; '.join(counted)}" if counted else ""
        return f"expected {expected} violation(s){about}, got {got}{shown}"
    return None


def _load_suite(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UsageError(f"{path}: no such suite file")
    stream = parse_yaml(path.read_text(encoding="utf-8"))
    for document in stream.documents:
        root = document.root
        if isinstance(root, dict) and root.get("kind") == "Suite":
            return root
    raise UsageError(f"{path}: not a gator suite (no document with kind: Suite)")


def run_suite(path: Path, files: _Files) -> list[CaseResult]:
    suite = _load_suite(path)
    base = path.parent
    results: list[CaseResult] = []
    tests = suite.get("tests")
    if not isinstance(tests, list):
        raise UsageError(f"{path}: `tests` must be a list")
    for test in tests:
        if not isinstance(test, dict):
            raise UsageError(f"{path}: each test must be a mapping")
        test_name = str(test.get("name", "<unnamed test>"))
        template_path, constraint_path = test.get("template"), test.get("constraint")
        if not isinstance(template_path, str) or not isinstance(constraint_path, str):
            raise UsageError(f"{path}: test {test_name} needs `template` and `constraint` files")
        template = template_of(files.one(base / template_path, "a ConstraintTemplate"))
        constraint = constraint_of(files.one(base / constraint_path, "a constraint"))
        if template is None or constraint is None:
            raise UsageError(f"{path}: test {test_name}: not a ConstraintTemplate and constraint")
        cases = test.get("cases")
        for case in cases if isinstance(cases, list) else []:
            results.append(_run_case(case, test_name, template, constraint, base, files))
    return results


def _run_case(
    case: Any, test_name: str, template: Any, constraint: Any, base: Path, files: _Files
) -> CaseResult:
    if not isinstance(case, dict) or not isinstance(case.get("object"), str):
        raise UsageError(f"test {test_name}: each case needs an `object` file")
    name = str(case.get("name", case["object"]))
    obj = files.one(base / case["object"], "an object")
    inventory = [r for f in case.get("inventory") or [] for r in files.resources(base / str(f))]
    graph = ResourceGraph([*inventory, obj], [])
    result: Evaluation = evaluate(
        [template],
        [constraint],
        [obj],
        graph.namespace_labels(),
        inventory_objects=[*inventory, obj],
    )
    problems = [p.message for p in result.template_problems.get(id(template.resource), [])]
    problems += [p.message for p in result.object_problems.get(id(obj), [])]
    if problems:
        return CaseResult(test_name, name, False, tuple(f"not evaluated: {p}" for p in problems))
    messages = [v.message for v in result.violations.get(id(obj), [])]
    assertions = case.get("assertions")
    if not isinstance(assertions, list) or not assertions:
        raise UsageError(f"test {test_name} case {name}: `assertions` must be a non-empty list")
    reasons = [r for a in assertions if (r := _check_assertion(a, messages)) is not None]
    return CaseResult(test_name, name, not reasons, tuple(reasons))


def verify_command(suites: Sequence[str], out: TextIO, err: TextIO) -> int:
    if not suites:
        raise UsageError("give at least one suite file")
    if not engine_available():
        print(f"seawall: error: the Rego engine is not installed; `{INSTALL_HINT}`", file=err)
        return EXIT_USAGE
    files = _Files()
    failed = total = 0
    for suite in suites:
        for result in run_suite(Path(suite), files):
            total += 1
            verdict = "PASS" if result.passed else "FAIL"
            out.write(f"{verdict} {suite}: {result.test} / {result.case}\n")
            for reason in result.reasons:
                out.write(f"    {reason}\n")
            failed += not result.passed
    out.write(f"{total - failed} passed, {failed} failed\n")
    return EXIT_FAILED if failed else EXIT_OK
