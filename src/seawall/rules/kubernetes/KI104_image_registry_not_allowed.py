"""A container image comes from a registry outside the allowed list.

## What it checks
When the `allowed_registries` option lists registries, every container, init container and
ephemeral container whose image is not under one of them. An entry is a registry host
(`registry.example.com`, `registry.example.com:5000`) or a host and repository prefix
(`ghcr.io/example-org`); images without a registry host are `docker.io` images
(`nginx` is `docker.io/library/nginx`). The option is empty by default, which turns the rule off.

## Why it matters
Images from arbitrary registries bypass what the platform applies to its own: vulnerability
scanning, signing, mirroring and retention. A typo-squatted or hijacked public repository runs
with the workload's permissions, and a public registry's rate limits or outage stop pod starts.

## Example
```yaml
# options: {KI104: {allowed_registries: [registry.example.com]}}
containers:
  - name: cache
    image: docker.io/bitnami/redis:7.2.4
```

## Fix
Mirror or rebuild the image into an allowed registry and reference it there, or add the
registry to `allowed_registries` if it is trusted.

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-names
- https://kubernetes.io/docs/concepts/security/security-checklist/#images

## Options
- `allowed_registries` (list of strings, default empty): registry hosts
  (`registry.example.com`, `registry.example.com:5000`) or host and repository prefixes
  (`ghcr.io/example-org`) that images may come from. Empty turns the rule off. Docker Hub is
  `docker.io`.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.image import parse_image
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KI104",
    name="image-registry-not-allowed",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A container image comes from a registry outside the allowed list",
    targets=("pod-spec",),
    equivalents=("KSV125",),
    references=("https://kubernetes.io/docs/concepts/security/security-checklist/#images",),
    options=(
        Option(
            "allowed_registries",
            [],
            "registries (`registry.example.com`) or registry/repository prefixes "
            "(`ghcr.io/example-org`) images may come from; empty turns the rule off",
        ),
    ),
)


_DOCKER_HUB_ALIASES = frozenset({"index.docker.io", "registry-1.docker.io"})


def _full_name(image: str) -> str:
    """``registry/repository`` with Docker Hub's implicit parts written out."""
    ref = parse_image(image)
    registry, repository = ref.registry, ref.repository
    if registry in _DOCKER_HUB_ALIASES:
        registry = "docker.io"
    if registry == "docker.io" and "/" not in repository:
        repository = f"library/{repository}"
    return f"{registry}/{repository}".lower()


def _allowed(name: str, allowed: list[str]) -> bool:
    for entry in allowed:
        prefix = entry.strip().strip("/").lower()
        host, _, rest = prefix.partition("/")
        if host in _DOCKER_HUB_ALIASES:
            prefix = "docker.io" + (f"/{rest}" if rest else "")
        if prefix and (name == prefix or name.startswith(prefix + "/")):
            return True
    return False


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    allowed = [str(entry) for entry in ctx.option("allowed_registries") or []]
    if not allowed:
        return
    for container in pod.containers:
        image = container.image
        if image is None or not image.strip() or "{{" in image or "$" in image:
            continue
        name = _full_name(image)
        if _allowed(name, allowed):
            continue
        registry = name.split("/", 1)[0]
        yield container.finding(
            RULE,
            f"{container.label} pulls `{image}` from {registry}, which is not in the allowed "
            f"registries ({', '.join(allowed)}); mirror it into an allowed registry",
            "image",
            at_value=True,
        )
