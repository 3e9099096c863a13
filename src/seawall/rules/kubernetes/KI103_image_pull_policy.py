"""A mutable image tag is not pulled on every start (imagePullPolicy).

## What it checks
Containers whose image can change under the same name (no tag, the tag `latest`, or, with the
`tags_are_mutable` option, any tag without a digest) and whose `imagePullPolicy` is
`IfNotPresent` or `Never`, so nodes keep running whatever copy they pulled first. An
`imagePullPolicy` that is not one of `Always`, `IfNotPresent` and `Never` (values are
case-sensitive) is reported for every image: the API server rejects it.

The judgement, and why it differs from peers that ask for `Always` everywhere: the pull policy
only matters when the name can point at new content. An image pinned by digest is the same on
every node whatever the policy, and `Always` would only add a registry round trip to every pod
start (and an outage when the registry is down). For `latest` or no tag Kubernetes already
defaults to `Always`; the risk is an explicit `IfNotPresent`/`Never`. Version tags are treated
as immutable by default (most registries can enforce it); teams whose registries let tags be
re-pushed turn on `tags_are_mutable`.

## Why it matters
With a mutable tag and `IfNotPresent`, each node runs the image it happened to pull first:
after a push to the tag, old and new nodes run different code under one manifest, and a rollout
"to the same tag" changes nothing on nodes that already have it.

## Example
```yaml
containers:
  - name: web
    image: registry.example.com/web:latest
    imagePullPolicy: IfNotPresent
```

## Fix
Pin the image by version tag and digest (then any policy is fine), or set
`imagePullPolicy: Always` while the tag is mutable.

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
- https://kubernetes.io/docs/concepts/containers/images/#updating-images

## Options
- `tags_are_mutable` (boolean, default false): treat every tag without a digest as mutable, for
  registries that allow re-pushing a tag; such images then need `imagePullPolicy: Always`
  (written, since a version tag defaults to `IfNotPresent`).
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.image import parse_image
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.parse.yaml import scalar_text

RULE = Rule(
    code="KI103",
    name="image-pull-policy",
    severity=Severity.LOW,
    category="supply-chain",
    summary="A mutable image tag is not pulled on every start",
    targets=("pod-spec",),
    fixable=True,
    equivalents=(
        "CKV_K8S_15",
        "kube-score:container-image-pull-policy",
        "polaris:pullPolicyNotAlways",
    ),
    references=("https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",),
    options=(
        Option(
            "tags_are_mutable",
            False,
            "treat every tag without a digest as mutable (for registries that allow re-pushing "
            "a tag): such images must then use imagePullPolicy Always",
        ),
    ),
)

_POLICIES = ("Always", "IfNotPresent", "Never")


def _mutable(container: ContainerView, tags_are_mutable: bool) -> bool:
    image = container.image
    if image is None or not image.strip() or "{{" in image:
        return False
    ref = parse_image(image)
    return ref.mutable_tag or (tags_are_mutable and ref.digest is None)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    tags_are_mutable = bool(ctx.option("tags_are_mutable"))
    for container in pod.containers:
        policy = container.body.get("imagePullPolicy")
        path = (*container.path, "imagePullPolicy")
        if isinstance(policy, str) and ("$" in policy or "{{" in policy):
            continue  # filled in when the template is rendered
        if policy is not None and policy not in _POLICIES:
            text = scalar_text(policy)
            match = [p for p in _POLICIES if p.lower() == text.strip().lower()]
            yield container.finding_at(
                RULE,
                f"{container.label} sets `imagePullPolicy: {text}`, which is not one of Always, "
                "IfNotPresent, Never (case matters): the API server rejects it",
                path,
                at_value=True,
                fix=replace_value(container, path, match[0], f"write {match[0]}")
                if match
                else None,
            )
            continue
        if not _mutable(container, tags_are_mutable):
            continue
        if policy in ("IfNotPresent", "Never"):
            yield container.finding_at(
                RULE,
                f"{container.label} uses the mutable image `{container.image}` with "
                f"`imagePullPolicy: {policy}`: each node keeps the copy it pulled first; pin a "
                "digest or set Always",
                path,
                at_value=True,
                fix=replace_value(container, path, "Always", "set imagePullPolicy: Always"),
            )
        elif policy is None and parse_image(container.image or "").tag not in (None, "latest"):
            # a version tag defaults to IfNotPresent
            yield container.finding(
                RULE,
                f"{container.label} uses image `{container.image}` by tag without a digest and "
                "the default pull policy for a tag (IfNotPresent): nodes keep the copy they "
                "pulled first; pin a digest or set `imagePullPolicy: Always`",
                "imagePullPolicy",
                point_at=("image",),
            )
