"""Walking a chart's values for the chart rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.helm.view import ChartView

# charts that bundle a datastore, as their dependency names usually go
DATASTORES = frozenset(
    {
        "redis",
        "valkey",
        "keydb",
        "postgresql",
        "postgresql-ha",
        "mysql",
        "mariadb",
        "mongodb",
        "elasticsearch",
        "opensearch",
        "rabbitmq",
        "etcd",
        "memcached",
        "kafka",
        "zookeeper",
        "cassandra",
        "influxdb",
        "clickhouse",
    }
)


def leaves(
    node: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every scalar of the values with its key path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path, node


def dependency_keys(chart: ChartView) -> set[str]:
    """Top-level values keys that configure a dependency (its name or alias)."""
    deps = chart.tree.declared_dependencies()
    names = {str(d.get("alias") or d.get("name")) for d in deps}
    return names | {s.alias for s in chart.tree.subcharts}
