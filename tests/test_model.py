"""The model layer: pod-spec extraction, container settings, image references, YAML spans."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from seawall.core.source import FileKind, SourceFile
from seawall.model.image import ImageRef, parse_image
from seawall.model.podspec import ContainerView, PodSpecView, pod_spec_of
from seawall.model.resource import Resource, resources_of
from seawall.parse.yaml import PathPart, format_path, locate, parse_yaml

# --------------------------------------------------------------------------- helpers


def _text(yaml_text: str) -> str:
    return textwrap.dedent(yaml_text).lstrip("\n")


def load(yaml_text: str) -> list[Resource]:
    """Every resource of every document of ``yaml_text`` (dedented)."""
    text = _text(yaml_text)
    source = SourceFile(Path("test.yaml"), "test.yaml", FileKind.KUBERNETES, text)
    stream = parse_yaml(text)
    assert not stream.problems, stream.problems
    return [
        resource
        for document in stream.documents
        for resource in resources_of(source, document.root, document.index)
    ]


def pod_of(yaml_text: str) -> PodSpecView:
    resources = load(yaml_text)
    assert len(resources) == 1
    pod = pod_spec_of(resources[0])
    assert pod is not None
    return pod


def container_paths(pod: PodSpecView) -> list[str]:
    return [format_path(c.path) for c in pod.containers]


def root_of(yaml_text: str) -> Any:
    stream = parse_yaml(yaml_text)
    assert not stream.problems, stream.problems
    return stream.documents[0].root


def where(yaml_text: str, *path: PathPart, key: bool = True) -> tuple[int, int, int, int, str]:
    """(line, column, end_line, end_column, covered text) of ``locate`` on the first document."""
    span = locate(root_of(yaml_text), path, key=key)
    assert span is not None
    covered = yaml_text[span.offset : span.end_offset]
    return span.line, span.column, span.end_line, span.end_column, covered


CONTAINERS = """\
      initContainers:
        - name: init
          image: init:1
      containers:
        - name: app
          image: app:1
        - name: sidecar
          image: side:1
      ephemeralContainers:
        - name: debug
          image: debug:1
"""


def _indent(block: str, spaces: int) -> str:
    return textwrap.indent(textwrap.dedent(block), " " * spaces)


# --------------------------------------------------------------------------- pod specs

WORKLOADS: list[tuple[str, str, str]] = [
    # kind, apiVersion, where the pod template lives
    ("Deployment", "apps/v1", "spec.template"),
    ("StatefulSet", "apps/v1", "spec.template"),
    ("DaemonSet", "apps/v1", "spec.template"),
    ("ReplicaSet", "apps/v1", "spec.template"),
    ("ReplicationController", "v1", "spec.template"),
    ("Job", "batch/v1", "spec.template"),
]


def _workload(kind: str, api_version: str) -> str:
    return (
        f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: w\nspec:\n"
        "  template:\n    metadata:\n      labels: {app: w}\n"
        "      annotations: {seawall.dev/ignore: KS104}\n    spec:\n" + _indent(CONTAINERS, 6)
    )


@pytest.mark.parametrize(("kind", "api_version", "template"), WORKLOADS, ids=lambda v: str(v))
def test_workload_pod_spec(kind: str, api_version: str, template: str) -> None:
    pod = pod_of(_workload(kind, api_version))
    assert format_path(pod.path) == f"{template}.spec"
    assert pod.resource.kind == kind
    assert pod.ref is not None and pod.ref.kind == kind and pod.ref.name == "w"
    assert container_paths(pod) == [
        f"{template}.spec.initContainers[0]",
        f"{template}.spec.containers[0]",
        f"{template}.spec.containers[1]",
        f"{template}.spec.ephemeralContainers[0]",
    ]
    assert [c.name for c in pod.containers] == ["init", "app", "sidecar", "debug"]
    assert [c.group for c in pod.containers] == [
        "initContainers",
        "containers",
        "containers",
        "ephemeralContainers",
    ]
    assert pod.template_labels == {"app": "w"}
    assert pod.ignored_codes() == ("KS104",)


def test_pod() -> None:
    pod = pod_of(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: ns
          labels: {app: p}
          annotations: {seawall.dev/ignore: "ks101, KR1"}
        spec:
          containers:
            - name: app
              image: app:1
        """
    )
    assert format_path(pod.path) == "spec"
    assert container_paths(pod) == ["spec.containers[0]"]
    assert pod.ref is not None and (pod.ref.namespace, pod.ref.name) == ("ns", "p")
    assert pod.template_labels == {"app": "p"}, "a Pod's own metadata is its template's"
    assert pod.ignored_codes() == ("KS101", "KR1", "KS101", "KR1")


def test_cronjob_job_template_path() -> None:
    pod = pod_of(
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: c
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                metadata:
                  labels: {job: c}
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: job
                      image: job:1
        """
    )
    assert format_path(pod.path) == "spec.jobTemplate.spec.template.spec"
    assert container_paths(pod) == ["spec.jobTemplate.spec.template.spec.containers[0]"]
    assert pod.template_labels == {"job": "c"}
    assert pod.span_at("restartPolicy").line == 13


def test_pod_template_kind() -> None:
    pod = pod_of(
        """
        apiVersion: v1
        kind: PodTemplate
        metadata:
          name: t
        template:
          metadata:
            labels: {role: t}
          spec:
            containers:
              - name: c
                image: c:1
        """
    )
    assert format_path(pod.path) == "template.spec"
    assert container_paths(pod) == ["template.spec.containers[0]"]
    assert pod.template_labels == {"role": "t"}


@pytest.mark.parametrize("list_kind", ["List", "DeploymentList", "PodList"])
def test_list_kinds(list_kind: str) -> None:
    resources = load(
        f"""
        apiVersion: v1
        kind: {list_kind}
        items:
          - apiVersion: v1
            kind: Pod
            metadata:
              name: first
            spec:
              containers:
                - name: a
                  image: a:1
          - apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: second
            spec:
              template:
                spec:
                  containers:
                    - name: b
                      image: b:1
          - not an object
          - apiVersion: v1
            kind: ConfigMap
            metadata:
              name: third
        """
    )
    assert [(r.kind, r.name, format_path(r.path)) for r in resources] == [
        ("Pod", "first", "items[0]"),
        ("Deployment", "second", "items[1]"),
        ("ConfigMap", "third", "items[3]"),
    ]
    pods = [pod_spec_of(r) for r in resources]
    assert pods[2] is None
    assert pods[0] is not None and pods[1] is not None
    assert container_paths(pods[0]) == ["items[0].spec.containers[0]"]
    assert container_paths(pods[1]) == ["items[1].spec.template.spec.containers[0]"]
    # the spans of a listed object's fields are those of the item, not of the list
    assert pods[1].containers[0].span_at("image").line == 21


@pytest.mark.parametrize(
    "yaml_text",
    [
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {spec: x}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: []\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template: x\n",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
    ],
    ids=[
        "service",
        "configmap",
        "pod-without-spec",
        "spec-list",
        "no-template",
        "bad-template",
        "config-api",
    ],
)
def test_no_pod_spec(yaml_text: str) -> None:
    resources = load(yaml_text)
    assert len(resources) == 1
    assert pod_spec_of(resources[0]) is None


def test_containers_that_are_not_mappings_are_skipped() -> None:
    pod = pod_of(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers: {not: a list}
          containers:
            - just-a-string
            - image: unnamed:1
            - name: named
              image: named:1
        """
    )
    assert container_paths(pod) == ["spec.containers[1]", "spec.containers[2]"]
    unnamed = pod.containers[0]
    assert unnamed.name == "containers[1]"
    assert unnamed.label == 'container "containers[1]"'
    assert unnamed.image == "unnamed:1"


def test_container_labels_name_the_group() -> None:
    pod = pod_of(_workload("Deployment", "apps/v1"))
    assert [c.label for c in pod.containers] == [
        'init container "init"',
        'container "app"',
        'container "sidecar"',
        'ephemeral container "debug"',
    ]


def test_volumes() -> None:
    pod = pod_of(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: []
          volumes:
            - name: a
              emptyDir: {}
            - not-a-volume
            - name: b
              hostPath: {path: /data}
        """
    )
    assert [(i, v["name"]) for i, v in pod.volumes()] == [(0, "a"), (2, "b")]


# --------------------------------------------------------------------------- effective settings

PRECEDENCE = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 1000
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
    fsGroup: 2000
    allowPrivilegeEscalation: false
    privileged: false
  containers:
    - name: own
      image: own:1
      securityContext:
        runAsUser: 0
        allowPrivilegeEscalation: true
    - name: inherits
      image: inherits:1
    - name: nulled
      image: nulled:1
      securityContext:
        runAsNonRoot:
        privileged: null
"""


def _container(pod: PodSpecView, name: str) -> ContainerView:
    return next(c for c in pod.containers if c.name == name)


def _effective(container: ContainerView, field: str) -> tuple[Any, str | None]:
    value, path = container.effective(field)
    return value, format_path(path) if path is not None else None


def test_container_setting_wins_over_pod() -> None:
    own = _container(pod_of(PRECEDENCE), "own")
    assert _effective(own, "runAsUser") == (0, "spec.containers[0].securityContext.runAsUser")
    assert _effective(own, "runAsNonRoot") == (True, "spec.securityContext.runAsNonRoot")


def test_pod_setting_is_inherited() -> None:
    inherits = _container(pod_of(PRECEDENCE), "inherits")
    assert _effective(inherits, "runAsUser") == (1000, "spec.securityContext.runAsUser")
    assert _effective(inherits, "seccompProfile") == (
        {"type": "RuntimeDefault"},
        "spec.securityContext.seccompProfile",
    )


@pytest.mark.parametrize(
    "field", ["allowPrivilegeEscalation", "privileged", "capabilities", "readOnlyRootFilesystem"]
)
def test_container_only_fields_are_not_inherited(field: str) -> None:
    """These exist only on containers; a pod-level value (invalid there) does not count."""
    inherits = _container(pod_of(PRECEDENCE), "inherits")
    assert _effective(inherits, field) == (None, None)


def test_pod_only_fields_are_not_inherited() -> None:
    inherits = _container(pod_of(PRECEDENCE), "inherits")
    assert _effective(inherits, "fsGroup") == (None, None)


def test_unset_everywhere() -> None:
    pod = pod_of(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: c:1\n"
    )
    assert _effective(pod.containers[0], "runAsUser") == (None, None)
    assert pod.security_context == {}
    assert pod.containers[0].security_context == {}


def test_explicit_null_falls_back_to_the_pod() -> None:
    """Kubernetes treats a null field as unset (`runAsNonRoot:` is what a template renders for an
    empty value), so the pod's setting stays in force."""
    nulled = _container(pod_of(PRECEDENCE), "nulled")
    assert _effective(nulled, "runAsNonRoot") == (True, "spec.securityContext.runAsNonRoot")
    assert _effective(nulled, "privileged") == (None, None)


def test_merge_keys_and_aliases_in_security_contexts() -> None:
    pod = pod_of(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: a
              image: a:1
              securityContext: &hardened
                runAsUser: 1000
                allowPrivilegeEscalation: false
            - name: b
              image: b:1
              securityContext: *hardened
            - name: c
              image: c:1
              securityContext:
                <<: *hardened
                runAsUser: 0
        """
    )
    a, b, c = pod.containers
    assert _effective(b, "allowPrivilegeEscalation") == (
        False,
        "spec.containers[1].securityContext.allowPrivilegeEscalation",
    )
    assert _effective(c, "runAsUser")[0] == 0, "an explicit key wins over a merged one"
    assert _effective(c, "allowPrivilegeEscalation")[0] is False
    # the merged value is reported where it is written: in the anchored mapping
    assert c.span_at("securityContext", "allowPrivilegeEscalation").line == 10
    assert a.span_at("securityContext", "allowPrivilegeEscalation").line == 10


# --------------------------------------------------------------------------- images

IMAGES: list[tuple[str, str, str, str | None, str | None]] = [
    # text, registry, repository, tag, digest
    ("nginx", "docker.io", "nginx", None, None),
    ("nginx:1.27", "docker.io", "nginx", "1.27", None),
    ("nginx:latest", "docker.io", "nginx", "latest", None),
    ("library/nginx:1.27", "docker.io", "library/nginx", "1.27", None),
    ("bitnami/redis", "docker.io", "bitnami/redis", None, None),
    ("docker.io/library/nginx:1.27", "docker.io", "library/nginx", "1.27", None),
    ("registry.example.com/team/app:2.0", "registry.example.com", "team/app", "2.0", None),
    ("registry.example.com:5000/app", "registry.example.com:5000", "app", None, None),
    ("registry.example.com:5000/app:v1", "registry.example.com:5000", "app", "v1", None),
    ("myregistry:5000/team/app:v1", "myregistry:5000", "team/app", "v1", None),
    ("localhost/app", "localhost", "app", None, None),
    ("localhost:5000/app:dev", "localhost:5000", "app", "dev", None),
    ("ghcr.io/org/group/sub/app:v3.1.0", "ghcr.io", "org/group/sub/app", "v3.1.0", None),
    ("[::1]:5000/app:1", "[::1]:5000", "app", "1", None),
    ("nginx@sha256:abc123", "docker.io", "nginx", None, "sha256:abc123"),
    ("nginx:latest@sha256:abc123", "docker.io", "nginx", "latest", "sha256:abc123"),
    (
        "localhost:5000/a/b/c:1.0@sha256:abc123",
        "localhost:5000",
        "a/b/c",
        "1.0",
        "sha256:abc123",
    ),
    ("  nginx:1.27  ", "docker.io", "nginx", "1.27", None),
]


@pytest.mark.parametrize(("text", "registry", "repository", "tag", "digest"), IMAGES)
def test_parse_image(
    text: str, registry: str, repository: str, tag: str | None, digest: str | None
) -> None:
    ref = parse_image(text)
    assert isinstance(ref, ImageRef)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (
        registry,
        repository,
        tag,
        digest,
    )
    assert ref.text == text


@pytest.mark.parametrize(
    ("text", "mutable"),
    [
        ("nginx", True),
        ("nginx:latest", True),
        ("nginx:", True),
        ("registry.example.com:5000/app", True),
        ("nginx:1.27", False),
        ("nginx:latest-alpine", False),
        ("nginx@sha256:abc123", False),
        ("nginx:latest@sha256:abc123", False),
        ("registry.example.com:5000/app:1", False),
    ],
)
def test_mutable_tag(text: str, mutable: bool) -> None:
    assert parse_image(text).mutable_tag is mutable


# --------------------------------------------------------------------------- locate

DOC = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
    - image: side:1
      name: side
  volumes: []
"""


def test_locate_key_extends_over_a_scalar_value_on_the_same_line() -> None:
    privileged = where(DOC, "spec", "containers", 0, "securityContext", "privileged")
    assert privileged == (11, 9, 11, 25, "privileged: true")
    assert where(DOC, "metadata", "name") == (4, 3, 4, 12, "name: web")


def test_locate_key_of_a_collection_is_the_key_alone() -> None:
    context = where(DOC, "spec", "containers", 0, "securityContext")
    assert context == (10, 7, 10, 22, "securityContext")
    assert where(DOC, "spec") == (6, 1, 6, 5, "spec")


def test_locate_value() -> None:
    assert where(DOC, "spec", "containers", 0, "image", key=False) == (9, 14, 9, 24, "nginx:1.27")
    assert where(DOC, "kind", key=False) == (2, 7, 2, 10, "Pod")


def test_locate_list_items_point_at_their_first_line() -> None:
    assert where(DOC, "spec", "containers", 0) == (8, 7, 8, 16, "name: app")
    assert where(DOC, "spec", "containers", 1) == (12, 7, 12, 20, "image: side:1")


def test_locate_flow_mapping_entries() -> None:
    assert where(DOC, "metadata", "labels", "tier") == (5, 22, 5, 33, "tier: front")
    assert where(DOC, "metadata", "labels", "app", key=False) == (5, 17, 5, 20, "web")


def test_locate_flow_sequence_items() -> None:
    text = "args: [--a, --b, {x: 1}]\n"
    assert where(text, "args", 1) == (1, 13, 1, 16, "--b")
    assert where(text, "args", 2) == (1, 19, 1, 23, "x: 1")


def test_locate_missing_field_falls_back_to_nearest_written_ancestor() -> None:
    # securityContext.runAsNonRoot is missing: the securityContext key
    missing = where(DOC, "spec", "containers", 0, "securityContext", "runAsNonRoot")
    assert missing == (10, 7, 10, 22, "securityContext")
    # a container without securityContext: the container's first line
    no_context = where(DOC, "spec", "containers", 1, "securityContext", "runAsUser")
    assert no_context == (12, 7, 12, 20, "image: side:1")
    # an index past the end of the list: the list's key
    assert where(DOC, "spec", "containers", 7, "image") == (7, 3, 7, 13, "containers")
    # an empty list
    assert where(DOC, "spec", "volumes", 0)[:2] == (14, 3)
    # nothing of the path is written: the document's first line
    assert where(DOC, "status", "phase") == (1, 1, 1, 15, "apiVersion: v1")


def test_locate_multiline_values_are_not_spanned_from_the_key() -> None:
    text = "script: |\n  echo one\n  echo two\nnext: 1\n"
    assert where(text, "script") == (1, 1, 1, 7, "script")
    assert where(text, "script", key=False)[:2] == (1, 9)


def test_locate_merge_keys_point_at_the_merged_source() -> None:
    text = _text(
        """
        base: &base
          cpu: 100m
          memory: 64Mi
        app:
          <<: *base
          memory: 128Mi
        """
    )
    # merged: where the value is written, in the anchored mapping
    assert where(text, "app", "cpu") == (2, 3, 2, 12, "cpu: 100m")
    # overridden: the mapping's own key
    assert where(text, "app", "memory") == (6, 3, 6, 16, "memory: 128Mi")


def test_locate_head_of_an_item_made_by_a_merge_key_stays_in_the_item() -> None:
    """A list item (a container, say) written as `- <<: *base` has its first line at the merge
    key; pointing at the anchored source would put a finding in another object."""
    text = _text(
        """
        base: &b
          x: 1
        list:
          - <<: *b
            z: 3
          - <<: *b
        """
    )
    assert where(text, "list", 1)[:2] == (6, 5)
    assert where(text, "list", 1, "missing")[:2] == (6, 5)
    assert where(text, "list", 0)[:2] == (4, 5)


def test_locate_key_whose_value_is_an_alias() -> None:
    """`b: *x` with the anchor elsewhere: the key and the alias, not the anchor or an empty span."""
    text = "a: &x 1\nb: *x\n"
    assert where(text, "b") == (2, 1, 2, 6, "b: *x")


def test_locate_counts_characters_not_bytes() -> None:
    text = _text(
        """
        metadata:
          annotations:
            描述: 支付服务的前端
          labels: {团队: 支付, app: web}
          name: 网站😀x
        spec: {}
        """
    )
    assert where(text, "metadata", "labels", "app") == (4, 20, 4, 28, "app: web")
    value = where(text, "metadata", "annotations", "描述", key=False)
    assert value == (3, 9, 3, 16, "支付服务的前端")
    assert where(text, "metadata", "name", key=False) == (5, 9, 5, 13, "网站😀x")
    assert where(text, "spec") == (6, 1, 6, 5, "spec")


def test_locate_with_crlf_line_endings() -> None:
    text = "a: 1\r\nb:\r\n  c: 2\r\n"
    assert where(text, "b", "c") == (3, 3, 3, 7, "c: 2")


def test_locate_in_later_documents() -> None:
    text = "a: 1\n---\nkind: Pod\nspec:\n  x: 1\n"
    stream = parse_yaml(text)
    span = locate(stream.documents[1].root, ("spec", "x"))
    assert span is not None and (span.line, span.column) == (5, 3)


def test_locate_scalar_root() -> None:
    assert locate(root_of("just text\n"), ("a",)) is None


def test_format_path() -> None:
    assert format_path(("spec", "containers", 0, "image")) == "spec.containers[0].image"
    assert format_path(("items", 2, "metadata")) == "items[2].metadata"
    assert (
        format_path(("metadata", "annotations", "seawall.dev/ignore"))
        == 'metadata.annotations."seawall.dev/ignore"'
    )
    assert format_path(()) == ""
