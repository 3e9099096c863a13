"""A container image is pinned by tag only, not by digest.

## What it checks
Every container, init container and ephemeral container whose `image` has a version tag but no
digest (`@sha256:...`). Images with no tag or the tag `latest` are KI101's finding and not
repeated here.

## Why it matters
A tag is a movable name: whoever can push to the repository (or a compromised registry) can
point `1.4.2` at different content, and nodes that pull later run it without any change to the
manifest. A digest names exactly one image, so what was reviewed and scanned is what runs.
Advisory and opt-in (it runs only when selected by its full code, `--select KI102`): many
teams pin by tag in manifests and let their registry make tags immutable.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27.2
```

## Fix
```yaml
    image: nginx:1.27.2@sha256:<digest>
```
Tools such as `crane digest`, Renovate or Kustomize's `images` field keep digests current.

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-names
- https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule, Status
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.image import parse_image
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KI102",
    name="image-without-digest",
    severity=Severity.INFO,
    category="supply-chain",
    summary="A container image is pinned by tag only, not by digest",
    targets=("pod-spec",),
    equivalents=("CKV_K8S_43",),
    # opt-in: nearly every manifest pins by tag, so it would flood default runs
    status=Status.PREVIEW,
    references=("https://kubernetes.io/docs/concepts/containers/images/#image-names",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        image = container.image
        if image is None or not image.strip() or "{{" in image or "$" in image:
            continue  # missing (KI101) or filled in when rendered
        ref = parse_image(image)
        if ref.digest is not None or ref.mutable_tag:
            continue
        yield container.finding(
            RULE,
            f"{container.label} pins image `{image}` by tag only: a push to the tag changes what "
            "runs; add its digest (`@sha256:...`)",
            "image",
            at_value=True,
        )
