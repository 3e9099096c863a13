"""Kubernetes NetworkPolicy reachability rules, evaluated with ``seawall.model.netpol``.

``NP1xx`` traffic the configuration needs but the policies deny (ingress controller to Ingress
backends, Prometheus scraping, DNS, clients configured to reach a Service), ``NP2xx`` policies
that cannot work as written (selectors that never match, pods left open, invalid selectors).
"""
