"""The API lifecycle data file is valid, packaged, and the target version decides the finding."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from seawall.engine.run import ScanOptions, scan
from seawall.policy import lifecycle
from seawall.policy.api_lifecycle import removal_of
from seawall.policy.lifecycle import LifecycleDataError, parse


def test_the_data_file_ships_in_the_package() -> None:
    data = resources.files("seawall.policy.data").joinpath(lifecycle.DATA_FILE)
    assert data.is_file()


def test_every_entry_is_valid() -> None:
    tables = lifecycle.load()
    assert tables.apis and tables.annotations and tables.admission_plugins and tables.flags
    for entry in tables.apis.values():
        assert entry.source.startswith("https://")
        assert entry.replacement != entry.api_version
        assert entry.removed_in or entry.deprecated_in or entry.addon
    for annotation in tables.annotations:
        assert annotation.source.startswith("https://")
        assert annotation.replacement != annotation.key
    for plugin in tables.admission_plugins.values():
        assert plugin.source.startswith("https://")
    for flag in tables.flags.values():
        assert flag.source.startswith("https://")


def test_no_removal_is_listed_that_the_guide_does_not_schedule() -> None:
    """The deprecation guide (read 2026-11-27) lists nothing removed after 1.32."""
    removed = [e.removed_in for e in lifecycle.load().apis.values() if e.removed_in]
    assert max(removed) == (1, 32)


def test_core_removals_are_what_the_schema_rules_skip() -> None:
    found = removal_of("policy/v1beta1", "PodSecurityPolicy")
    assert found is not None and found.removed_label == "1.25"
    assert removal_of("cert-manager.io/v1alpha2", "Certificate") is None  # an add-on removal
    assert removal_of("apps/v1", "Deployment") is None


GOOD = lifecycle.data_text()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('removed_in: "1.16"', 'removed_in: "1.x"', "not a quoted X.Y version"),
        ('removed_in: "1.16"', "removed_in: 1.16", "not a quoted X.Y version"),
        (
            "source: https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-16",
            "source: the deprecation guide",
            "not an https URL",
        ),
        ("replacement: apps/v1", "replacement: extensions/v1beta1", "the entry itself"),
        ("kinds: [Deployment, DaemonSet, ReplicaSet]", "kinds: [Deployment, Deployment]", "dupl"),
        (
            "    kinds: [NetworkPolicy]\n",
            "    kinds: [NetworkPolicy]\n    colour: red\n",
            "unknown",
        ),
    ],
)
def test_a_bad_edit_is_refused(old: str, new: str, problem: str) -> None:
    assert old in GOOD
    with pytest.raises(LifecycleDataError, match=problem):
        parse(GOOD.replace(old, new, 1))


MANIFESTS = """\
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
---
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
"""


def _codes(tmp_path: Path, version: str) -> list[tuple[str, str]]:
    path = tmp_path / "objects.yaml"
    path.write_text(MANIFESTS, encoding="utf-8")
    options = ScanOptions(select=("KA101", "KA103"), kubernetes_version=version)
    result = scan([path.name], options, cwd=tmp_path)
    return [(f.rule.code, f.message.split(" is ")[0].split(" was ")[0]) for f in result.findings]


def test_the_target_version_decides_deprecated_or_removed(tmp_path: Path) -> None:
    cron, psp = "CronJob batch/v1beta1", "PodSecurityPolicy policy/v1beta1"
    # 1.20: CronJob and PSP are served, PSP not yet deprecated: nothing
    assert _codes(tmp_path, "1.20") == []
    # 1.22: PSP deprecated since 1.21, removal two minors away
    assert _codes(tmp_path, "1.22") == [("KA103", psp)]
    # 1.24: both removed in the next minor
    assert _codes(tmp_path, "1.24") == [("KA103", cron), ("KA103", psp)]
    # 1.25: both removed
    assert _codes(tmp_path, "1.25") == [("KA101", cron), ("KA101", psp)]
