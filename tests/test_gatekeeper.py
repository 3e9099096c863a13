"""Gatekeeper model: templates, constraints and every ``spec.match`` field."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.core.severity import Severity
from seawall.core.source import FileKind, SourceFile
from seawall.model.gatekeeper import constraint_of, glob_match, match_of, template_of
from seawall.model.resource import Resource
from seawall.parse.yaml import parse_yaml
from seawall.policy.rego_compat import to_v1


def resource(text: str) -> Resource:
    source = SourceFile(path=None, display="t.yaml", kind=FileKind.YAML, text=text)  # type: ignore[call-arg]
    root = parse_yaml(text).documents[0].root
    return Resource(source, root, (), root, 0)


def obj(
    kind: str = "Deployment", api: str = "apps/v1", ns: str | None = "prod", **labels: str
) -> Resource:
    meta = f"  namespace: {ns}\n" if ns else ""
    label_text = "".join(f"    {k}: {v}\n" for k, v in labels.items())
    return resource(
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\n{meta}"
        + (f"  labels:\n{label_text}" if labels else "")
    )


NS = {"prod": {"env": "prod", "kubernetes.io/metadata.name": "prod"}, "dev": {"env": "dev"}}


def matches(match: dict[str, Any], target: Resource) -> bool:
    return match_of(match).matches(target, NS)


def test_template_legacy_and_code_forms() -> None:
    legacy = template_of(
        resource(
            "apiVersion: templates.gatekeeper.sh/v1beta1\nkind: ConstraintTemplate\n"
            "metadata: {name: t}\nspec:\n  crd: {spec: {names: {kind: K8sT}, validation: "
            "{openAPIV3Schema: {type: object}}}}\n  targets:\n"
            "    - target: admission.k8s.gatekeeper.sh\n      rego: 'package t'\n"
            "      libs: ['package lib.a']\n"
        )
    )
    assert legacy is not None and legacy.kind == "K8sT" and legacy.version == "v1beta1"
    assert legacy.rego is not None and legacy.rego.texts() == ["package t", "package lib.a"]
    assert legacy.rego.version == "v0" and legacy.schema == {"type": "object"}
    code = template_of(
        resource(
            "apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\n"
            "metadata: {name: t}\nspec:\n  crd: {spec: {names: {kind: K8sT}}}\n  targets:\n"
            "    - target: admission.k8s.gatekeeper.sh\n      code:\n"
            "        - engine: K8sNativeValidation\n          source: {validations: []}\n"
            "        - engine: Rego\n          source: {version: v1, rego: 'package t', "
            "libs: ['package lib.b']}\n"
        )
    )
    assert code is not None and code.has_cel and code.rego is not None
    assert code.rego.version == "v1" and code.rego.path[-1] == "rego"
    assert code.rego.libs[0][1] == ("spec", "targets", 0, "code", 1, "source", "libs", 0)


@pytest.mark.parametrize("body", ["spec: 3", "spec: {crd: []}", "spec: {targets: [3, {rego: 1}]}"])
def test_malformed_templates_do_not_raise(body: str) -> None:
    template_of(
        resource(f"apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\n{body}\n")
    )


def test_constraint_actions_and_severity() -> None:
    def action(spec: str) -> Severity:
        found = constraint_of(
            resource(f"apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sT\nspec: {spec}\n")
        )
        assert found is not None
        return found.severity

    assert action("{}") is Severity.HIGH
    assert action("{enforcementAction: deny}") is Severity.HIGH
    assert action("{enforcementAction: warn}") is Severity.MEDIUM
    assert action("{enforcementAction: dryrun}") is Severity.INFO
    scoped = (
        "{enforcementAction: scoped, scopedEnforcementActions: [{action: warn, "
        "enforcementPoints: [{name: validation.gatekeeper.sh}]}, {action: deny, "
        "enforcementPoints: [{name: audit.gatekeeper.sh}]}]}"
    )
    assert action(scoped) is Severity.MEDIUM


def test_match_kinds() -> None:
    deploy = obj()
    assert matches({}, deploy)
    assert matches({"kinds": []}, deploy)
    assert matches({"kinds": [{"apiGroups": ["apps"], "kinds": ["Deployment"]}]}, deploy)
    assert matches({"kinds": [{"apiGroups": ["*"], "kinds": ["*"]}]}, deploy)
    assert not matches({"kinds": [{"apiGroups": [""], "kinds": ["Deployment"]}]}, deploy)
    assert not matches({"kinds": [{"apiGroups": ["apps"], "kinds": ["StatefulSet"]}]}, deploy)


def test_match_namespaces_and_globs() -> None:
    assert matches({"namespaces": ["prod"]}, obj())
    assert matches({"namespaces": ["pro*"]}, obj())
    assert not matches({"namespaces": ["dev"]}, obj())
    assert not matches({"excludedNamespaces": ["*od"]}, obj())
    assert matches({"excludedNamespaces": ["kube-*"]}, obj())
    # an object written without a namespace lands in default
    assert matches({"namespaces": ["default"]}, obj(ns=None))
    # cluster-scoped objects are outside namespace criteria; a Namespace matches by its name
    node = obj(kind="ClusterRole", api="rbac.authorization.k8s.io/v1", ns=None)
    assert matches({"namespaces": ["prod"]}, node)
    namespace = resource("apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\n")
    assert not matches({"namespaces": ["prod"]}, namespace)
    assert glob_match("*", "x") and glob_match("*sys*", "kube-system")


def test_match_label_and_namespace_selectors() -> None:
    assert matches({"labelSelector": {"matchLabels": {"app": "web"}}}, obj(app="web"))
    assert not matches({"labelSelector": {"matchLabels": {"app": "web"}}}, obj(app="api"))
    expression = {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["api"]}]}
    assert matches({"labelSelector": expression}, obj(app="web"))
    assert matches({"namespaceSelector": {"matchLabels": {"env": "prod"}}}, obj())
    assert not matches({"namespaceSelector": {"matchLabels": {"env": "dev"}}}, obj())
    # a namespace the scan does not describe has only its name label
    assert not matches({"namespaceSelector": {"matchLabels": {"env": "prod"}}}, obj(ns="other"))
    # a selector Gatekeeper would reject matches nothing and is recorded
    bad = match_of({"labelSelector": {"matchExpressions": [{"key": "a", "operator": "Is"}]}})
    assert bad.errors and not bad.matches(obj(), NS)


def test_match_scope_and_name() -> None:
    role = obj(kind="ClusterRole", api="rbac.authorization.k8s.io/v1", ns=None)
    assert matches({"scope": "Cluster"}, role) and not matches({"scope": "Cluster"}, obj())
    assert matches({"scope": "Namespaced"}, obj()) and not matches({"scope": "Namespaced"}, role)
    assert matches({"scope": "*"}, role)
    assert match_of({"scope": "Everything"}).errors
    assert matches({"name": "web"}, obj()) and matches({"name": "w*"}, obj())
    assert not matches({"name": "api*"}, obj())


def test_v0_rewrite_keeps_offsets() -> None:
    text = 'package p\n# x[1] {\nviolation[{"msg": m}] {\n  m := "a]{"\n}\nallow { true }\n'
    rewritten = to_v1(text)
    assert 'violation contains {"msg": m} if {' in rewritten.text
    assert "allow if { true }" in rewritten.text and "# x[1] {" in rewritten.text
    at = rewritten.text.index("m := ")
    assert text[rewritten.original_offset(at) :].startswith("m := ")
    assert to_v1("package p\nimport rego.v1\nv[x] if { x := 1 }\n").anchors == ()


def test_v0_rule_bodies_get_if_and_wildcards_in_calls_get_names() -> None:
    text = (
        "package p\nallowed(image) {\n  startswith(image, input.parameters.repos[_])\n}\n"
        'default ok = {}\nx := {1}\nobj[k] = v { v := input.a[_]; k := "a" }\n'
    )
    rewritten = to_v1(text).text
    assert "allowed(image) if {" in rewritten
    assert "input.parameters.repos[__sw0])" in rewritten
    assert "default ok = {}" in rewritten and "x := {1}" in rewritten
    assert "obj[k] = v if { v := input.a[_];" in rewritten  # not in a call: left alone
    v1 = "package p\nimport rego.v1\nq if { count(input.a[_]) > 0 }\n"
    assert to_v1(v1).text == v1.replace("[_]", "[__sw0]")
