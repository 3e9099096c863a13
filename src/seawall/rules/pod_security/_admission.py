"""Shared by the PS rules: evaluate a pod template for the namespace's modes."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.policy.pod_security import ModePolicy, namespace_policy
from seawall.policy.pss import Level, Violation, evaluate


def namespace_of(pod: PodSpecView) -> str:
    return pod.resource.namespace or "default"


def mode_policies(pod: PodSpecView, ctx: RuleContext) -> dict[str, ModePolicy]:
    return namespace_policy(namespace_of(pod), ctx.graph, ctx.settings.pod_security)


def violations(pod: PodSpecView, policy: ModePolicy) -> list[Violation]:
    if policy.level is Level.PRIVILEGED:
        return []
    return evaluate(pod.pod_object, policy.level, policy.version)


def report(
    pod: PodSpecView,
    rule: Rule,
    policy: ModePolicy,
    found: list[Violation],
    consequence: str,
) -> Iterator[Finding]:
    """One finding per offending field, at that field (or where it should be written)."""
    for violation in found:
        fix = violation.fix[:1].lower() + violation.fix[1:]
        yield pod.finding_at(
            rule,
            f"{violation.message} [{violation.check}]: {policy.source} requires "
            f"{policy.level.value} ({policy.version_label}), so {consequence}; fix: {fix}",
            (*pod.pod_path, *violation.path),
        )


def mode_findings(
    pod: PodSpecView, ctx: RuleContext, rule: Rule, mode: str, consequence: str
) -> Iterator[Finding]:
    """Violations of ``mode`` that a stricter-or-equal ``enforce`` has not already reported."""
    policies = mode_policies(pod, ctx)
    policy = policies.get(mode)
    if policy is None:
        return
    found = violations(pod, policy)
    if mode != "enforce" and "enforce" in policies:
        enforced = {(v.check, v.path) for v in violations(pod, policies["enforce"])}
        found = [v for v in found if (v.check, v.path) not in enforced]
    yield from report(pod, rule, policy, found, consequence)
