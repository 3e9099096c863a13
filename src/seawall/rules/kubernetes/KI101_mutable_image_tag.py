"""A container image is not pinned: no tag, or the tag `latest`.

## What it checks
The `image` of every container, init container and ephemeral container. An image with no tag
(`nginx`) or the tag `latest` (`nginx:latest`) is reported unless it is pinned by digest
(`nginx@sha256:...`). A container with no `image` at all is reported too.

## Why it matters
`latest` (and no tag, which means `latest`) points at whatever was pushed last. Two nodes can run
different code under the same manifest, a rollback redeploys the broken version, and nobody can
tell from the manifest what is running. With the default `imagePullPolicy` for `latest`
(`Always`), every pod start also depends on the registry being up.

## Example
```yaml
containers:
  - name: web
    image: nginx:latest
```

## Fix
Use an immutable version tag, ideally with its digest:
```yaml
    image: nginx:1.27.2@sha256:<digest>
```

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-names
- https://kubernetes.io/docs/concepts/configuration/overview/#container-images
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.image import parse_image
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KI101",
    name="mutable-image-tag",
    severity=Severity.HIGH,
    category="supply-chain",
    summary="A container image is not pinned: no tag, or the tag latest",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_14",
        "KSV013",
        "kube-linter:latest-tag",
        "kube-score:container-image-tag",
        "polaris:tagNotSpecified",
    ),
    references=("https://kubernetes.io/docs/concepts/containers/images/#image-names",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        image = container.image
        if image is None or not image.strip():
            yield container.finding(
                RULE, f"{container.label} has no image; the API server rejects it", "image"
            )
            continue
        ref = parse_image(image)
        if not ref.mutable_tag:
            continue
        what = "the tag `latest`" if ref.tag else "no tag (so `latest`)"
        yield container.finding(
            RULE,
            f"{container.label} uses image `{image}` with {what}: what runs can change without "
            "any change to this manifest; pin a version tag (and a digest)",
            "image",
        )
