"""The RBAC model: rule matching as the RBAC authorizer does it, aggregation, bindings → roles."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from seawall.core.source import FileKind, SourceFile
from seawall.graph.graph import ResourceGraph
from seawall.model.rbac import (
    PolicyRule,
    bound_role,
    is_builtin_role,
    role_view,
    rules_of,
    subjects_of,
)
from seawall.model.resource import Resource, resources_of
from seawall.parse.yaml import parse_yaml
from seawall.rules.rbac._permissions import (
    CSR_APPROVE,
    POD_EXEC,
    SECRETS_READ,
    dangerous_permissions,
    grants,
)


def load(yaml_text: str) -> list[Resource]:
    text = textwrap.dedent(yaml_text).lstrip("\n")
    source = SourceFile(Path("test.yaml"), "test.yaml", FileKind.KUBERNETES, text)
    stream = parse_yaml(text)
    assert not stream.problems, stream.problems
    return [r for d in stream.documents for r in resources_of(source, d.root, d.index)]


def graph_of(yaml_text: str) -> tuple[ResourceGraph, list[Resource]]:
    resources = load(yaml_text)
    return ResourceGraph(resources, []), resources


def rule(
    groups: list[str], resources: list[str], verbs: list[str], **extra: list[str]
) -> PolicyRule:
    return PolicyRule(
        None,
        0,
        tuple(groups),
        tuple(resources),
        tuple(verbs),
        tuple(extra.get("names", [])),
    )


@pytest.mark.parametrize(
    ("entry", "verb", "resource", "group", "expected"),
    [
        (rule([""], ["secrets"], ["get"]), "get", "secrets", "", True),
        (rule([""], ["secrets"], ["get"]), "list", "secrets", "", False),
        (rule([""], ["secrets"], ["get"]), "get", "secrets", "apps", False),
        (rule(["*"], ["*"], ["*"]), "escalate", "clusterroles", "rbac.authorization.k8s.io", True),
        # `*` matches subresources too; `*/exec` matches any resource's exec subresource
        (rule([""], ["*"], ["create"]), "create", "pods/exec", "", True),
        (rule([""], ["*/exec"], ["create"]), "create", "pods/exec", "", True),
        (rule([""], ["*/exec"], ["create"]), "create", "pods", "", False),
        # a resource does not grant its subresources
        (rule([""], ["pods"], ["create"]), "create", "pods/exec", "", False),
        # RBAC is case-sensitive
        (rule([""], ["Secrets"], ["GET"]), "get", "secrets", "", False),
    ],
)
def test_rule_matching(
    entry: PolicyRule, verb: str, resource: str, group: str, expected: bool
) -> None:
    assert entry.allows(verb, resource, group) is expected


def test_restricted_rules_and_wildcard_fields() -> None:
    entry = rule([""], ["secrets"], ["get"], names=["db"])
    assert entry.restricted
    assert not grants([entry], SECRETS_READ)
    everything = rule(["*"], ["*"], ["*"])
    assert everything.grants_everything
    assert everything.wildcard_fields() == ["apiGroups", "resources", "verbs"]
    # role-side rules leave `resources: ["*"]` to the wildcard rule
    assert grants([everything], SECRETS_READ)
    assert not grants([everything], SECRETS_READ, named=True)


def test_csr_approval_needs_both_parts() -> None:
    approval = rule(["certificates.k8s.io"], ["certificatesigningrequests/approval"], ["update"])
    signers = rule(["certificates.k8s.io"], ["signers"], ["approve"])
    assert not grants([approval], CSR_APPROVE)
    assert len(grants([approval, signers], CSR_APPROVE)) == 2


def test_bad_input_is_skipped() -> None:
    (role,) = load(
        """
        kind: Role
        apiVersion: rbac.authorization.k8s.io/v1
        metadata: {name: odd}
        rules:
          - null
          - {apiGroups: [1, ""], resources: pods, verbs: [get, null]}
        """
    )
    (entry,) = rules_of(role)
    assert entry.api_groups == ("",) and entry.resources == () and entry.verbs == ("get",)
    assert entry.path == ("rules", 1)


AGGREGATED = """
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: {example.com/monitoring: "true"}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secrets
  labels: {example.com/monitoring: "true"}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: other}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: monitoring, namespace: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects:
  - {kind: ServiceAccount, name: prometheus}
  - {kind: Group, name: ops}
  - {kind: User}
"""


def test_aggregation_resolves_within_the_scan() -> None:
    graph, (monitoring, secrets, _, binding) = graph_of(AGGREGATED)
    view = role_view(graph, monitoring)
    # written rules of an aggregated role are replaced by the gathered ones
    assert view.own_rules == ()
    assert view.aggregated_from == (secrets,)
    assert view.aggregation_unknown
    assert not view.grants_everything
    assert grants(view.rules, SECRETS_READ) and not grants(view.rules, POD_EXEC)
    bound = bound_role(graph, binding)
    assert bound is not None and bound.view is not None
    assert dangerous_permissions(bound.view) == ["read Secrets"]
    subjects = list(subjects_of(binding))
    assert [s.label for s in subjects] == ["ServiceAccount ops/prometheus", "Group ops"]


def test_builtin_roles() -> None:
    graph, (binding, role) = graph_of(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: x}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:node"}
        """
    )
    bound = bound_role(graph, binding)
    assert bound is not None and bound.builtin and bound.view is not None
    assert "read Secrets" in dangerous_permissions(bound.view)
    assert is_builtin_role(role)
