"""A StorageClass passes a parameter its provisioner does not accept.

## What it checks
Keys of a StorageClass's `parameters` that its provisioner does not know, with the closest
known key as a suggestion, or the provisioner the key belongs to when it is another driver's
parameter. Only provisioners in the data file `seawall/policy/data/storage_parameters.yaml`
are judged: the AWS EBS CSI driver (`ebs.csi.aws.com`), the GCE PD CSI driver
(`pd.csi.storage.gke.io`) and the Azure Disk CSI driver (`disk.csi.azure.com`), read from the
drivers' source (URLs and dates are in the file), and the in-tree `kubernetes.io/aws-ebs`,
`kubernetes.io/gce-pd` and `kubernetes.io/azure-disk`, whose keys reach those drivers through
CSI migration (plus the keys migration translates: `fsType`, `zone`, `zones`). Keys are compared
without regard to case, as the drivers do; keys under `csi.storage.k8s.io/` are accepted for
every driver, EBS keys starting with `tagSpecification` are volume tags and Azure Disk keys
starting with `device-setting/` are block device settings.

## Why it matters
The drivers reject a key they do not know: every claim of the class then fails to
provision (`InvalidArgument`) and stays `Pending`, which shows only in the claim's events.
A typo (`iopsPerGiB`) or a parameter copied from another cloud's class (`replication-type` on
EBS) is not caught when the class is applied, only when the first workload needs a volume.

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: ebs.csi.aws.com
parameters:
  type: io2
  iopsPerGiB: "50"        # the driver knows iopsPerGB
```

## Fix
Use the key the driver documents (the message suggests the closest one) and remove keys of
other drivers. A StorageClass's parameters cannot be changed in place: delete and recreate
the class. If the key is valid for a newer driver release, add it to the rule's
`extra_parameters` option.

## References
- https://kubernetes.io/docs/concepts/storage/storage-classes/#parameters
- https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
- https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver#createvolume-parameters
- https://github.com/kubernetes-sigs/azuredisk-csi-driver/blob/master/docs/driver-parameters.md

## Options
- `extra_parameters` (list, default empty): further parameter keys to accept for every judged
  provisioner (for driver releases newer than the table).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.data import read_data
from seawall.rules.kubernetes.KT101_in_tree_storage_provisioner import IN_TREE

RULE = Rule(
    code="KT201",
    name="storage-class-unknown-parameter",
    severity=Severity.MEDIUM,
    category="storage",
    summary="A StorageClass passes a parameter its provisioner does not accept",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/storage/storage-classes/#parameters",),
    options=(
        Option(
            "extra_parameters",
            [],
            "further parameter keys to accept for every judged provisioner, for driver "
            "releases newer than the table",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class DriverKeys:
    # lower-cased key -> the spelling the driver documents
    keys: Mapping[str, str]
    prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParameterTable:
    generic_prefix: str
    drivers: Mapping[str, DriverKeys]
    in_tree: Mapping[str, tuple[str, ...]]
    # in-tree provisioner -> lower-cased key -> why its CSI driver has no such parameter
    dropped: Mapping[str, Mapping[str, str]]


def _spellings(names: Any) -> dict[str, str]:
    return {str(n).lower(): str(n) for n in names or ()}


@cache
def parameter_table() -> ParameterTable:
    text = read_data("storage_parameters.yaml")
    raw = yaml.safe_load(text)
    drivers = {
        str(name): DriverKeys(
            keys=_spellings(entry.get("keys")),
            prefixes=tuple(str(p) for p in entry.get("prefixes") or ()),
        )
        for name, entry in raw["drivers"].items()
    }
    in_tree = {
        str(name): tuple(str(k) for k in keys)
        for name, keys in raw["in_tree_translated"]["keys"].items()
    }
    dropped = {
        str(name): {str(k).lower(): " ".join(str(v).split()) for k, v in keys.items()}
        for name, keys in raw["in_tree_dropped"]["keys"].items()
    }
    return ParameterTable(str(raw["generic_prefix"]), drivers, in_tree, dropped)


def _accepted(provisioner: str, table: ParameterTable) -> tuple[str, DriverKeys] | None:
    """The CSI driver that receives the class's parameters and the keys it accepts."""
    if provisioner in table.drivers:
        return provisioner, table.drivers[provisioner]
    entry = IN_TREE.get(provisioner)
    csi_driver = entry.csi_driver if entry is not None else None
    if csi_driver is None or csi_driver not in table.drivers:
        return None
    driver = table.drivers[csi_driver]
    translated = _spellings(table.in_tree.get(provisioner, ()))
    return csi_driver, DriverKeys({**driver.keys, **translated}, driver.prefixes)


def _owner(key: str, driver: str, table: ParameterTable) -> str | None:
    for name, other in table.drivers.items():
        if name != driver and key.lower() in other.keys:
            return name
    return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "StorageClass" or resource.is_config:
        return
    provisioner = resource.body.get("provisioner")
    parameters = resource.body.get("parameters")
    if not isinstance(provisioner, str) or not isinstance(parameters, dict):
        return
    table = parameter_table()
    found = _accepted(provisioner.strip(), table)
    if found is None:
        return
    driver, accepted = found
    extra = ctx.options.get("extra_parameters") or []
    known = {**accepted.keys, **_spellings(extra if isinstance(extra, list) else [])}
    label = f'StorageClass "{resource.name or "<unnamed>"}"'
    via = "" if driver == provisioner.strip() else f" (served by {driver} through CSI migration)"
    for key in parameters:
        name = str(key)
        if (
            name.lower() in known
            or name.startswith(table.generic_prefix)
            or any(name.startswith(prefix) for prefix in accepted.prefixes)
        ):
            continue
        owner = _owner(name, driver, table)
        tag_prefix = next(
            (p for p in accepted.prefixes if name.lower().startswith(p.lower())), None
        )
        dropped = table.dropped.get(provisioner.strip(), {}).get(name.lower())
        if dropped is not None:
            hint = f"; {dropped}"
        elif tag_prefix is not None:
            hint = f"; keys of this kind must start with {tag_prefix}, spelt exactly so"
        elif owner is not None:
            hint = f"; it is a parameter of {owner}, not of this driver"
        else:
            close = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.75)
            hint = f"; did you mean {known[close[0]]}?" if close else ""
        yield resource.finding(
            RULE,
            f"{label} passes the parameter {name}, which the provisioner "
            f"{provisioner.strip()}{via} does not accept: it rejects the class's volume "
            f"requests, so its claims stay Pending{hint}",
            "parameters",
            key,
        )
