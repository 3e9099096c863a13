"""An image in a chart's values has no tag or digest of its own.

## What it checks
Image blocks of `values.yaml` in the layout `helm create` writes (`repository` with `tag`,
optionally `digest`): a tag that is empty, missing or `latest`, with no digest.

## Why it matters
With an empty tag the template's fallback decides what runs (usually the chart's `appVersion`,
sometimes `latest`), and a tag is mutable: two installs of the same chart version can run
different code, and a pushed tag changes production on the next pod restart.

## Example
```yaml
image:
  repository: myregistry.com/myapp
  tag: ""
```

## Fix
Set the tag the chart was tested with and a digest (`digest: sha256:...`), and have the template
write `repository@digest` when a digest is given.

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-names
- https://helm.sh/docs/chart_best_practices/values/
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.helm.view import ChartView
from seawall.rules.helm._values import dependency_keys

RULE = Rule(
    code="HM104",
    name="helm-values-image-not-pinned",
    severity=Severity.LOW,
    category="supply-chain",
    summary="An image in a chart's values has no tag or digest of its own",
    targets=("helm-chart",),
    references=(
        "https://kubernetes.io/docs/concepts/containers/images/#image-names",
        "https://helm.sh/docs/chart_best_practices/values/",
    ),
)


def _images(
    node: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dict[Any, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("repository"), str) and ("tag" in node or "pullPolicy" in node):
            yield path, node
            return
        for key, value in node.items():
            yield from _images(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _images(value, (*path, index))


def check(chart: ChartView, ctx: RuleContext) -> Iterator[Finding]:
    dependencies = dependency_keys(chart)
    for path, image in _images(chart.values, ()):
        if path and path[0] in dependencies:
            continue
        digest = image.get("digest")
        if isinstance(digest, str) and digest.strip():
            continue
        tag = image.get("tag")
        text = "" if tag is None else str(tag).strip()
        if text and text != "latest":
            continue
        dotted = ".".join(str(p) for p in path)
        what = "`latest`" if text else "empty, so the template's fallback decides"
        target = (*path, "tag") if "tag" in image else (*path, "repository")
        yield chart.values_finding(
            RULE,
            f"{chart.label}: the tag of image {image['repository']} ({dotted}) is {what}, and no "
            "digest pins it; set the tested tag and a `digest`",
            *target,
            at_value="tag" in image,
        )
