"""The API server enables an admission plugin the target Kubernetes release removed.

## What it checks
`--enable-admission-plugins` (and `--disable-admission-plugins`) of kube-apiserver, from a
kubeadm `ClusterConfiguration` or a static pod manifest, against the target version:
`PodSecurityPolicy` was removed in 1.25, `SecurityContextDeny` in 1.30 (the table is the
reviewed data file `seawall/policy/data/api_lifecycle.yaml`, with its sources).

## Why it matters
kube-apiserver refuses to start with an unknown admission plugin name: the control plane of a
freshly initialised or upgraded node does not come up. And the protection the plugin gave is
gone in any case; it has to be replaced, not just deleted.

## Example
```yaml
apiServer:
  extraArgs:
    enable-admission-plugins: NodeRestriction,PodSecurityPolicy   # removed in 1.25
```

## Fix
Remove the plugin from the list and replace what it enforced: Pod Security Admission
(namespace labels `pod-security.kubernetes.io/enforce`) or a policy engine.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-policy/
- https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located
from seawall.policy.lifecycle import admission_plugin, label

RULE = Rule(
    code="KC401",
    name="removed-admission-plugin",
    severity=Severity.CRITICAL,
    category="api-lifecycle",
    summary="The API server enables an admission plugin the target release removed",
    targets=("config", "pod-spec"),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-policy/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    target = ctx.settings.kubernetes_version
    if target is None:
        return
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        for name in ("enable-admission-plugins", "disable-admission-plugins"):
            for flag in args.all(name):
                for plugin in flag.values:
                    removal = admission_plugin(plugin)
                    if removal is None or target < removal.removed_in:
                        continue
                    yield args.finding(
                        RULE,
                        f"admission plugin {plugin} was removed in Kubernetes "
                        f"{label(removal.removed_in)}: kube-apiserver {label(target)} refuses to "
                        f"start with --{name} naming it; remove it ({removal.advice})",
                        flag,
                        at_value=True,
                    )
