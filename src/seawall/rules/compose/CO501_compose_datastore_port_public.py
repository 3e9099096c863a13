"""A compose service publishes a datastore, cache or admin port on every host interface.

## What it checks
`ports` entries, short and long syntax, whose container port is a well-known datastore, cache,
broker or admin port (PostgreSQL 5432, MySQL/MariaDB 3306, Redis 6379, MongoDB 27017,
Elasticsearch/OpenSearch 9200/9300, Memcached 11211, RabbitMQ 5672/15672, Kafka 9092, ZooKeeper
2181, etcd 2379, Cassandra 9042, CouchDB 5984, Neo4j 7474/7687, InfluxDB 8086, SQL Server 1433,
Oracle 1521, ClickHouse 8123/9000, Consul 8500, Vault 8200, Docker API 2375/2376) and that bind
no host address, `0.0.0.0` or `::`. Ports that other software also uses (9200, 9000, 8086,
9092 ...) count only for the matching images (owncloud's ocis serves its UI on 9200). A binding
to `127.0.0.1` (or another specific address) is fine. When another service of the project runs
a reverse proxy (nginx, Traefik, Caddy, HAProxy, Envoy) the message says so: that service is
the one to publish.

## Why it matters
A port without a host address is published on every interface of the host, and Docker's
iptables rules bypass host firewalls such as `ufw`. Datastores exposed this way are found by
internet-wide scans within hours; many (Redis, Memcached, Elasticsearch, MongoDB) ship without
authentication.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
```

## Fix
Remove the `ports` entry and connect over the compose network (`db:5432`); when the host needs
access, bind loopback: `"127.0.0.1:5432:5432"`.

## References
- https://docs.docker.com/reference/compose-file/services/#ports
- https://docs.docker.com/engine/network/packet-filtering-firewalls/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import all_interfaces, image_is, published_ports

RULE = Rule(
    code="CO501",
    name="compose-datastore-port-public",
    severity=Severity.HIGH,
    category="security",
    summary="A compose service publishes a datastore or admin port on every host interface",
    targets=("compose-service",),
    equivalents=("451d79dc-0588-476a-ad03-3c7f0320abb3",),
    references=(
        "https://docs.docker.com/reference/compose-file/services/#ports",
        "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
    ),
)

_PORTS = {
    5432: "PostgreSQL", 3306: "MySQL/MariaDB", 6379: "Redis", 27017: "MongoDB",
    9200: "Elasticsearch", 9300: "Elasticsearch transport", 11211: "Memcached",
    5672: "RabbitMQ", 15672: "RabbitMQ management", 9092: "Kafka", 2181: "ZooKeeper",
    2379: "etcd", 9042: "Cassandra", 5984: "CouchDB", 7474: "Neo4j", 7687: "Neo4j Bolt",
    8086: "InfluxDB", 1433: "SQL Server", 1521: "Oracle", 8123: "ClickHouse HTTP",
    8500: "Consul", 8200: "Vault", 2375: "Docker API", 2376: "Docker API",
    26379: "Redis Sentinel", 6380: "Redis", 9000: "ClickHouse native",
}  # fmt: skip
# ports that other software also uses: reported only for the matching images (owncloud's ocis
# serves its web UI on 9200, many apps use 9000 or 8086)
_ONLY_FOR = {
    9200: ("elasticsearch", "opensearch"),
    9300: ("elasticsearch", "opensearch"),
    9000: ("clickhouse-server", "clickhouse"),
    8123: ("clickhouse-server", "clickhouse"),
    8086: ("influxdb",),
    8200: ("vault",),
    8500: ("consul",),
    7474: ("neo4j",),
    7687: ("neo4j",),
    5984: ("couchdb",),
    9092: ("kafka", "cp-kafka", "redpanda", "cp-server"),
    2181: ("zookeeper", "cp-zookeeper"),
    2379: ("etcd",),
    9042: ("cassandra", "scylla"),
}
_PROXIES = ("nginx", "traefik", "caddy", "haproxy", "envoy", "nginx-proxy", "openresty")


def _proxy(service: ComposeService) -> str | None:
    for other in service.project.services:
        if other.name != service.name and image_is(other, *_PROXIES):
            return other.name
    return None


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    if image_is(service, *_PROXIES):
        return
    for port in published_ports(service):
        if port.target is None or port.target not in _PORTS:
            continue
        if not all_interfaces(port.host_ip):
            continue
        only = _ONLY_FOR.get(port.target)
        if only and not image_is(service, *only):
            continue
        what = _PORTS[port.target]
        where = f"host port {port.published}" if port.published else "a random host port"
        proxy = _proxy(service)
        advice = (
            f"; service {proxy} is the project's reverse proxy: publish only it and reach "
            f"{service.name} over the compose network"
            if proxy
            else "; remove the entry and use the compose network, or bind `127.0.0.1:`"
        )
        yield service.finding(
            RULE,
            f"service {service.name} publishes the {what} port {port.target} on every host "
            f"interface ({where}; Docker's rules bypass host firewalls){advice}",
            "ports",
            port.index,
        )
