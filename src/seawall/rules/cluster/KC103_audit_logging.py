"""The API server's audit log is missing or kept too briefly.

## What it checks
kube-apiserver flags from a kubeadm `ClusterConfiguration` or a static pod manifest:
`--audit-log-path` must be set, with `--audit-policy-file` (without a policy nothing is
logged), `--audit-log-maxage` of at least 30 days, `--audit-log-maxbackup` of at least 10
files and `--audit-log-maxsize` of at least 100 MB when the log goes to a file.

## Why it matters
The audit log is the only record of who read which Secret or exec'ed into which pod. Without
it, or with a retention of hours, an incident cannot be reconstructed.

## Example
```yaml
apiServer:
  extraArgs:
    audit-log-path: /var/log/kubernetes/audit/audit.log
    audit-log-maxage: "7"          # CIS asks for 30 or more
```

## Fix
Set the missing flags to at least the values above (and mount the policy file and the log
directory into the static pod with `extraVolumes`, see KC501).

## References
- https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
- CIS Kubernetes Benchmark 1.2.16, 1.2.17, 1.2.18, 1.2.19, 3.2.1
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC103",
    name="audit-logging",
    severity=Severity.MEDIUM,
    category="security",
    summary="The API server's audit log is missing or kept too briefly",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.16",
        "CIS-1.2.17",
        "CIS-1.2.18",
        "CIS-1.2.19",
        "CIS-3.2.1",
        "kube-bench:1.2.16",
        "kube-bench:1.2.17",
        "kube-bench:1.2.18",
        "kube-bench:1.2.19",
        "kube-bench:3.2.1",
        "CKV_K8S_91",
        "CKV_K8S_92",
        "CKV_K8S_93",
        "CKV_K8S_94",
    ),
    references=("https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",),
)

_MINIMUM = (
    ("audit-log-maxage", 30, "days", "CIS 1.2.17"),
    ("audit-log-maxbackup", 10, "files", "CIS 1.2.18"),
    ("audit-log-maxsize", 100, "MB", "CIS 1.2.19"),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        path = args.get("audit-log-path")
        if path is None or not path.value:
            yield args.finding(
                RULE,
                "kube-apiserver has no --audit-log-path: API requests are not audited; set it "
                f"(and --audit-policy-file) in {args.where} (CIS 1.2.16)",
                path,
            )
            continue
        if args.get("audit-policy-file") is None:
            yield args.finding(
                RULE,
                "kube-apiserver has --audit-log-path but no --audit-policy-file: without a "
                "policy nothing is logged (CIS 3.2.1)",
                path,
            )
        if path.value == "-":
            continue  # logs to stdout: rotation flags do not apply
        for name, minimum, unit, control in _MINIMUM:
            flag = args.get(name)
            number = _number(flag.value) if flag is not None else None
            if flag is None:
                yield args.finding(
                    RULE,
                    f"kube-apiserver --{name} is not set: set it to {minimum} {unit} or more "
                    f"({control})",
                    path,
                )
            elif number is not None and number < minimum:
                yield args.finding(
                    RULE,
                    f"kube-apiserver --{name}={flag.value} is below {minimum} {unit} ({control})",
                    flag,
                    at_value=True,
                )


def _number(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None
