"""Offline Gatekeeper evaluation: violations, parameters, inventory, compile errors, the sandbox
(no network, a time limit, a crashing engine) and scans without the Rego engine."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from seawall.engine.load import InputReporter
from seawall.engine.run import ScanOptions, load_workspace, scan
from seawall.policy import rego_engine, rego_worker
from seawall.policy.gatekeeper_eval import (
    Evaluation,
    evaluate,
    inventory,
    inventory_kinds,
    policy_objects,
    reviewable,
)
from seawall.policy.rego_compat import blank
from seawall.policy.rego_engine import RegoEngine

pytestmark = pytest.mark.skipif(
    not rego_engine.engine_available(), reason="needs the Rego engine (seawall[rego])"
)


def template(kind: str, rego: str, schema: str = "") -> str:
    body = "\n".join("        " + line for line in rego.strip().splitlines())
    validation = f"\n      validation:\n        openAPIV3Schema:\n{schema}" if schema else ""
    return (
        "apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\n"
        f"metadata:\n  name: {kind.lower()}\nspec:\n  crd:\n    spec:\n      names:\n"
        f"        kind: {kind}{validation}\n  targets:\n    - target: admission.k8s.gatekeeper.sh\n"
        f"      rego: |\n{body}\n"
    )


def constraint(kind: str, name: str = "c", match: str = "{}", parameters: str = "{}") -> str:
    return (
        f"apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: {kind}\nmetadata:\n  name: {name}\n"
        f"spec:\n  match: {match}\n  parameters: {parameters}\n"
    )


def configmap(name: str, ns: str = "default", data: str = "{}") -> str:
    return (
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
        f"data: {data}\n"
    )


def run(
    tmp_path: Path, *docs: str, time_limit: float = 3.0
) -> tuple[Evaluation, dict[str, object]]:
    (tmp_path / "all.yaml").write_text("\n---\n".join(docs))
    workspace = load_workspace([str(tmp_path)], ScanOptions(), InputReporter({}))
    templates, constraints = policy_objects(workspace.resources)
    result = evaluate(
        templates,
        constraints,
        reviewable(workspace.resources),
        workspace.graph.namespace_labels(),
        time_limit=time_limit,
    )
    names = {id(r): f"{r.kind}/{r.name}" for r in workspace.resources}
    return result, names  # type: ignore[return-value]


def messages(result: Evaluation, names: dict[str, object]) -> dict[str, list[str]]:
    return {
        str(names[key]): sorted(v.message for v in found)  # type: ignore[index]
        for key, found in result.violations.items()
        if found
    }


REQUIRED = """
package k8srequired
violation[{"msg": msg}] {
  key := input.parameters.keys[_]
  not input.review.object.data[key]
  r := input.review
  msg := sprintf("%v lacks %v (%v in %v)", [r.name, key, r.kind.kind, r.namespace])
}
"""


def test_violations_with_parameters_and_review_shape(tmp_path: Path) -> None:
    result, names = run(
        tmp_path,
        template("K8sRequired", REQUIRED),
        constraint("K8sRequired", parameters="{keys: [a, b]}"),
        configmap("one", data="{a: x}"),
        configmap("two", ns="shop", data="{a: x, b: y}"),
    )
    assert messages(result, names) == {"ConfigMap/one": ["one lacks b (ConfigMap in default)"]}
    assert result.evaluations == 2


def test_review_fields(tmp_path: Path) -> None:
    rego = """
package k8sreview
violation[{"msg": msg}] {
  r := input.review
  r.operation == "CREATE"
  r.oldObject == null
  r.dryRun == false
  r.kind.group == ""
  r.kind.version == "v1"
  r.userInfo.username
  msg := "shape ok"
}
"""
    result, names = run(
        tmp_path, template("K8sReview", rego), constraint("K8sReview"), configmap("one")
    )
    assert messages(result, names) == {"ConfigMap/one": ["shape ok"]}


UNIQUE = """
package k8sunique
violation[{"msg": msg}] {
  value := input.review.object.data.id
  other := data.inventory.namespace[ns]["v1"]["ConfigMap"][name]
  name != input.review.object.metadata.name
  other.data.id == value
  msg := sprintf("id %v also used by %v/%v", [value, ns, name])
}
"""


def test_inventory(tmp_path: Path) -> None:
    result, names = run(
        tmp_path,
        template("K8sUnique", UNIQUE),
        constraint("K8sUnique"),
        configmap("one", data="{id: '1'}"),
        configmap("two", ns="shop", data="{id: '1'}"),
        configmap("three", data="{id: '3'}"),
    )
    assert messages(result, names) == {
        "ConfigMap/one": ["id 1 also used by shop/two"],
        "ConfigMap/two": ["id 1 also used by default/one"],
    }


def test_compile_error_is_a_problem_with_a_place(tmp_path: Path) -> None:
    rego = 'package k8sbad\nviolation[{"msg": "x"}] {\n  y := input.review.\n}\n'
    result, _ = run(tmp_path, template("K8sBad", rego), constraint("K8sBad"), configmap("one"))
    (problems,) = result.template_problems.values()
    assert problems[0].kind == "compile" and problems[0].place is not None
    index, offset = problems[0].place
    assert index == 0 and rego[offset:].startswith("y := ")
    assert not result.violations


def test_network_builtin_is_never_called(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    rego = f"""
package k8snet
violation[{{"msg": "called"}}] {{
  resp := http.send({{"method": "get", "url": "http://127.0.0.1:{port}/"}})
  resp.status_code == 200
}}
"""
    result, _ = run(tmp_path, template("K8sNet", rego), constraint("K8sNet"), configmap("one"))
    (problems,) = result.template_problems.values()
    assert problems[0].kind == "network" and "http.send" in problems[0].message
    # even run directly in the engine (past the static check), no request leaves
    with RegoEngine(2.0) as engine:
        v1 = rego.replace("violation[", "violation contains ").replace(
            "] {\n  resp", " if {\n  resp"
        )
        assert engine.compile("k", [("m.rego", v1)], "k8snet/violation").ok
        (output,) = engine.evaluate([({"review": {}}, ["k"])])
    assert "violations" not in output["k"]  # an error (no such builtin), never a request
    with pytest.raises(OSError):
        server.accept()
    server.close()


def test_slow_rule_hits_the_time_limit(tmp_path: Path) -> None:
    rego = """
package k8sslow
violation[{"msg": msg}] {
  n := count([x |
    some i in numbers.range(1, 100000)
    some j in numbers.range(1, 100000)
    x := i + j
  ])
  msg := sprintf("%v", [n])
}
"""
    started = time.monotonic()
    result, _names = run(
        tmp_path,
        template("K8sSlow", rego),
        constraint("K8sSlow"),
        configmap("one"),
        time_limit=1.0,
    )
    assert time.monotonic() - started < 15
    (problems,) = result.object_problems.values()
    assert problems[0].kind == "timeout" and "time limit" in problems[0].message


CRASHING_WORKER = """
import os, sys
from seawall.policy import rego_worker

real = rego_worker._evaluate


def evaluate(runner, compiled, item):
    if item["input"]["review"]["name"] == "boom":
        os._exit(134)  # what rego-cpp does when it throws inside the engine
    return real(runner, compiled, item)


rego_worker._evaluate = evaluate
captured = rego_worker._Captured()
rego_worker.serve(sys.stdin, captured.protocol, captured)
"""


def test_engine_crash_is_a_problem_and_the_worker_restarts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helpers = tmp_path / "helpers"
    helpers.mkdir()
    (helpers / "crashing_worker.py").write_text(CRASHING_WORKER)
    monkeypatch.syspath_prepend(str(helpers))
    monkeypatch.setattr(RegoEngine, "worker_module", "crashing_worker")
    result, names = run(
        tmp_path,
        template("K8sRequired", REQUIRED),
        constraint("K8sRequired", parameters="{keys: [a]}"),
        configmap("one"),
        configmap("boom"),
        configmap("two", data="{a: x}"),
        configmap("three"),
    )
    problems = [
        (names[k], p.kind, p.message) for k, found in result.object_problems.items() for p in found
    ]
    assert problems == [("ConfigMap/boom", "runtime", "the Rego engine crashed")]
    # the worker was restarted, the template recompiled: the other objects have answers
    assert messages(result, names) == {
        "ConfigMap/one": ["one lacks a (ConfigMap in default)"],
        "ConfigMap/three": ["three lacks a (ConfigMap in default)"],
    }


def test_without_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rego_engine, "find_spec", lambda name: None)
    result, _ = run(tmp_path, template("K8sRequired", REQUIRED), constraint("K8sRequired"))
    assert result.engine_missing and not result.violations
    (tmp_path / "more.yaml").write_text(
        template("K8sOther", REQUIRED.replace("k8srequired", "k8sother"))
        + "---\n"
        + constraint("K8sOther")
        + "---\n"
        + configmap("x")
    )
    found = scan([str(tmp_path)], ScanOptions(select=("GK",)), cwd=tmp_path).findings
    notices = [f for f in found if f.rule.code == "GK003"]
    assert len(notices) == 1 and "pip install 'seawall[rego]'" in notices[0].message
    assert not [f for f in found if f.rule.code == "GK001"]


def test_worker_env_is_empty_of_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAWALL_TEST_SECRET", "hunter2")
    rego = """
package k8senv
violation[{"msg": msg}] {
  msg := sprintf("%v", [object.get(opa.runtime(), "env", {})])
}
"""
    result, _names = run(tmp_path, template("K8sEnv", rego), constraint("K8sEnv"), configmap("one"))
    for found in result.violations.values():
        assert all("hunter2" not in v.message for v in found)


def test_thread_safety_of_reading(tmp_path: Path) -> None:
    # two scans at once each own their worker
    outcomes: list[int] = []

    def one(sub: str) -> None:
        folder = tmp_path / sub
        folder.mkdir()
        result, _ = run(
            folder,
            template("K8sRequired", REQUIRED),
            constraint("K8sRequired", parameters="{keys: [a]}"),
            configmap("one"),
        )
        outcomes.append(len(result.violations))

    threads = [threading.Thread(target=one, args=(f"s{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == [1, 1]


INVENTORY_BY_PARAMETER = """
package k8sbyparameter
violation[{"msg": msg}] {
  inv := data.inventory
  other := inv.namespace[ns][_][input.parameters.kind][name]
  name != input.review.object.metadata.name
  msg := sprintf("%v/%v", [ns, name])
}
"""


@pytest.mark.parametrize(
    ("rego", "kinds"),
    [
        ('x := data.inventory.namespace[ns]["networking.k8s.io/v1"]["Ingress"][n]', {"Ingress"}),
        ("x := data.inventory.namespace[_][gv].Service[n]", {"Service"}),
        ('x := data.inventory . cluster["v1"][ "Namespace" ]', {"Namespace"}),
        (
            'a := data.inventory.cluster[gv]["Namespace"]\n'
            'b := data.inventory.namespace[ns][gv]["Pod"]  # not data.inventory[x]',
            {"Namespace", "Pod"},
        ),
        ('msg := "data in a string"\nx := data.inventory.cluster[v]["Node"]', {"Node"}),
        ("x := input.review.object.data.inventory", None),  # a field called inventory
        ("inv := data.inventory\nx := inv.namespace[ns][gv][k]", None),  # an alias
        ("import data.inventory\nx := inventory.cluster", None),
        ("x := data.inventory.namespace[ns][gv][kind]", None),  # the kind in a variable
        ('x := data.inventory.namespace[ns]["v1"]', None),  # every kind of a version
        ('x := data.inventory.cluster[gv]["Node"]\ny := data[k]', None),
        ('x := data.inventory.cluster[gv]["Node"]\ny := walk(data)', None),
        ('x := data.inventory.namespace[n[0]][gv]["Pod"]', None),  # too clever to read
    ],
)
def test_inventory_kinds(rego: str, kinds: set[str] | None) -> None:
    found = inventory_kinds(["package p\n" + rego + "\n"])
    assert found == (None if kinds is None else frozenset(kinds))


def test_inventory_kinds_reads_every_module() -> None:
    main = 'package main\nx := data.inventory.cluster[gv]["Node"]\n'
    assert inventory_kinds([main, "package lib\ny := data.inventory.namespace"]) is None
    assert inventory_kinds([main, "package lib\ny := data"]) is None
    lib = 'package lib\ny := data.inventory.namespace[n][v]["Pod"]\nz := data.lib.y\n'
    assert inventory_kinds([main, lib]) == frozenset({"Node", "Pod"})


def test_blank_keeps_offsets() -> None:
    text = 'a := "x # y" # data\nb := `raw "data"` # c\n'
    assert blank(text) == "a :=" + " " * 8 + " " * 7 + "\nb := " + " " * 12 + " " * 4 + "\n"
    kept = blank(text, strings=False)
    assert kept.splitlines()[0] == 'a := "x # y"       ' and len(kept) == len(text)


def test_inventory_narrowed_to_the_kinds_read_gives_the_same_answers(tmp_path: Path) -> None:
    # a referential template reading one kind sees only that kind; one reading through an alias
    # sees everything: both answer as if they had the whole scan set
    service = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: shop\n"
        "spec:\n  ports: [{port: 80}]\n"
    )
    result, names = run(
        tmp_path,
        template("K8sUnique", UNIQUE),
        constraint("K8sUnique", match="{kinds: [{apiGroups: [''], kinds: [ConfigMap]}]}"),
        template("K8sByParameter", INVENTORY_BY_PARAMETER),
        constraint(
            "K8sByParameter",
            match="{kinds: [{apiGroups: [''], kinds: [ConfigMap]}]}",
            parameters="{kind: Service}",
        ),
        configmap("one", data="{id: '1'}"),
        configmap("two", ns="shop", data="{id: '1'}"),
        service,
    )
    assert messages(result, names) == {
        "ConfigMap/one": ["id 1 also used by shop/two", "shop/svc"],
        "ConfigMap/two": ["id 1 also used by default/one", "shop/svc"],
    }


def test_inventory_of_kinds(tmp_path: Path) -> None:
    (tmp_path / "all.yaml").write_text(configmap("one") + "---\n" + configmap("two", ns="shop"))
    objects = load_workspace([str(tmp_path)], ScanOptions(), InputReporter({})).resources
    empty: dict[str, object] = {"inventory": {"cluster": {}, "namespace": {}}}
    assert inventory(objects, frozenset({"Service"})) == empty
    full = inventory(objects)
    assert set(full["inventory"]["namespace"]) == {"default", "shop"}
    assert inventory(objects, frozenset({"ConfigMap"})) == full


def test_fast_input_is_the_regopy_input() -> None:
    import regopy  # type: ignore[import-untyped,unused-ignore]

    values: list[object] = [
        {"a": [1, -2, 2.5, True, False, None, "x\u00e9\U0001f600", {"k": []}, {}], "b": '"q"'},
        {"big": 2**70},  # past 64 bits: left to regopy, which refuses it the same way
        {"tuple": (1, 2)},  # not from JSON: left to regopy
        [],
        "text",
    ]
    for value in values:
        answers = []
        for setter in (lambda r, v: r.set_input(v), rego_worker._set_input):
            runner = regopy.Interpreter()
            try:
                setter(runner, value)
            except Exception as error:  # both ways must fail alike
                answers.append(type(error).__name__)
                continue
            answers.append(str(runner.query("x := input")))
        assert answers[0] == answers[1], value


def test_pool_hands_out_batches_and_keeps_the_order() -> None:
    echo = "package echo\nimport rego.v1\nname := input.review.name\n"
    items = [({"review": {"name": f"o{i}"}}, ["k"]) for i in range(rego_engine.BATCH * 5 + 3)]
    with rego_engine.RegoPool(3.0, workers=2) as pool:
        assert pool.compile("k", [("echo.rego", echo)], "echo/name").ok
        outputs = pool.evaluate(items)
    assert [o["k"]["violations"] for o in outputs] == [f"o{i}" for i in range(len(items))]


def test_worker_exits_when_its_input_closes() -> None:
    engine = RegoEngine(2.0)
    assert engine.compile("k", [("m.rego", "package m\nimport rego.v1\nx := 1\n")], "m/x").ok
    process = engine._process
    assert process is not None
    engine.close()
    assert process.returncode == 0


def _sync_config(*kinds: tuple[str, str]) -> str:
    entries = "".join(
        f"      - {{group: '{group}', version: v1, kind: {kind}}}\n" for group, kind in kinds
    )
    return (
        "apiVersion: config.gatekeeper.sh/v1alpha1\nkind: Config\n"
        "metadata: {name: config, namespace: gatekeeper-system}\n"
        f"spec:\n  sync:\n    syncOnly:\n{entries}"
    )


def test_the_scans_sync_configuration_narrows_the_inventory(tmp_path: Path) -> None:
    """A referential template sees only what Gatekeeper syncs: without ConfigMaps in the sync
    list it finds nothing in a cluster, and GK106 says why at the read."""

    policy = [template("K8sUnique", UNIQUE), constraint("K8sUnique")]
    maps = [configmap("one", data="{id: '1'}"), configmap("two", ns="shop", data="{id: '1'}")]
    options = ScanOptions(select=("GK001", "GK106"))

    (tmp_path / "all.yaml").write_text(
        "\n---\n".join([*policy, *maps, _sync_config(("", "Namespace"))])
    )
    found = scan([str(tmp_path)], options).findings
    assert [(f.rule.code, f.span.line) for f in found] == [("GK106", 16)]  # the read itself
    assert "reads ConfigMap objects" in found[0].message and "Config config" in found[0].message

    (tmp_path / "all.yaml").write_text(
        "\n---\n".join([*policy, *maps, _sync_config(("", "ConfigMap"))])
    )
    assert sorted(f.rule.code for f in scan([str(tmp_path)], options).findings) == [
        "GK001",
        "GK001",
    ]
